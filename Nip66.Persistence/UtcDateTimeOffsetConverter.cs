using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Nip66.Persistence;

/// <summary>Writes a DateTimeOffset in UTC (Npgsql writes only offset 0 to timestamptz).</summary>
internal sealed class UtcDateTimeOffsetConverter()
    : ValueConverter<DateTimeOffset, DateTimeOffset>(v => v.ToUniversalTime(), v => v);
