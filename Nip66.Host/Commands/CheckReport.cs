using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Nip66.Checker;
using Nip66.Contracts;
using Nip66.Nostr;
using Nip66.Nostr.Discovery;

namespace Nip66.Host.Commands;

/// <summary>A check result with its signed 30166 (null for a relay that cannot be published), as text or JSON.</summary>
public sealed record CheckReport(RelayCheckResult Result, NostrEvent? Event)
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, WriterOptions))
        {
            var r = Result;
            w.WriteStartObject();
            w.WriteString("url", r.Url);
            w.WriteString("network", RelayDiscoveryCodec.NetworkName(r.Network));
            w.WriteString("status", r.Status.Name());
            w.WriteStartObject("rtt");
            WriteNumber(w, "open", r.RttOpenMs);
            WriteNumber(w, "read", r.RttReadMs);
            WriteNumber(w, "write", r.RttWriteMs);
            w.WriteEndObject();
            if (r.Failure is { } failure)
            {
                w.WriteStartObject("failure");
                w.WriteString("check", failure.Check.Name());
                w.WriteString("class", failure.Class.Name());
                w.WriteString("message", failure.Message);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("failure");
            }

            w.WriteStartArray("checks");
            foreach (var check in r.Checks)
            {
                w.WriteStartObject();
                w.WriteString("check", check.Check.Name());
                w.WriteBoolean("ok", check.Success);
                WriteNumber(w, "rtt", check.RttMs);
                if (check.Failure is { } failed)
                {
                    w.WriteString("class", failed.Name());
                    w.WriteString("message", check.Message);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartObject("requirements");
            WriteFlag(w, "auth", r.Requirements.Auth);
            WriteFlag(w, "payment", r.Requirements.Payment);
            WriteFlag(w, "writes", r.Requirements.RestrictedWrites);
            WriteFlag(w, "pow", r.Requirements.Pow);
            w.WriteEndObject();
            w.WriteBoolean("authenticated", r.Authenticated);
            w.WritePropertyName("nip11");
            if (r.Nip11 is { } nip11)
            {
                w.WriteRawValue(nip11.Json);
            }
            else
            {
                w.WriteNullValue();
            }

            w.WritePropertyName("event");
            if (Event is { } e)
            {
                w.WriteRawValue(e.ToJson());
            }
            else
            {
                w.WriteNullValue();
            }

            w.WriteString("checked_at", r.FinishedAt);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    public static string Table(IReadOnlyList<CheckReport> reports)
    {
        string[] header = ["STATUS", "RELAY", "OPEN", "READ", "WRITE", "FAILURE", "NAME", "SOFTWARE", "R"];
        var rows = reports.Select(report =>
        {
            var r = report.Result;
            var document = r.Nip11;
            var requirements = report.Event is { } e
                ? string.Join(' ', e.TagValues("R"))
                : string.Empty;
            return new[]
            {
                r.Status.Name(),
                r.Url,
                Ms(r.RttOpenMs),
                Ms(r.RttReadMs),
                Ms(r.RttWriteMs),
                r.Failure is { } f ? $"{f.Check.Name()}: {f.Class.Name()}" : "-",
                Clip(document?.Name),
                Clip(document?.Software is { } s ? $"{s} {document.Version}".Trim() : null),
                requirements.Length == 0 ? "-" : requirements,
            };
        }).ToList();
        var widths = header.Select((h, i) => rows.Select(row => row[i].Length).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows.Prepend(header))
        {
            text.Append(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
            text.Append('\n');
        }

        foreach (var report in reports.Where(r => r.Result.Failure is not null))
        {
            text.Append(report.Result.Url).Append(": ").Append(Line(report.Result.Failure!.Message)).Append('\n');
        }

        return text.ToString();
    }

    private static string Ms(int? value) => value is { } ms ? $"{ms}ms" : "-";

    private static string Clip(string? value) =>
        string.IsNullOrWhiteSpace(value) ? "-" : Line(value) is var line && line.Length > 24 ? SafeText.Clean(line, 23) + "…" : line;

    /// <summary>
    /// Relay text as part of one terminal line, every piece of it through here: made safe once more (a result may come
    /// from an older checker), then the tabs and line breaks that SafeText keeps for storage become spaces, so that a
    /// relay draws no lines of its own (a carriage return would let it overwrite the line it is printed on).
    /// </summary>
    private static string Line(string? text) => SafeText.Clean(text ?? string.Empty).ReplaceLineEndings(" ").Replace('\t', ' ');

    private static void WriteNumber(Utf8JsonWriter w, string name, int? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void WriteFlag(Utf8JsonWriter w, string name, bool? value)
    {
        if (value is { } v)
        {
            w.WriteBoolean(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
