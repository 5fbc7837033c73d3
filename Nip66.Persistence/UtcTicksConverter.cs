using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Nip66.Persistence;

/// <summary>Stores a DateTimeOffset as its UTC ticks (SQLite INTEGER), so that comparisons and ORDER BY are exact.</summary>
internal sealed class UtcTicksConverter()
    : ValueConverter<DateTimeOffset, long>(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
