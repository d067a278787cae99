using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using FeatureContracts.Rows;
using NodaTime;

namespace FeatureContracts.Cli;

/// <summary>Parsing of the tool's argument values.</summary>
internal static class Arguments
{
    public static bool TryParseInstant(string text, out Instant instant, out string? why)
    {
        return RowCodec.TryParseInstant(text, out instant, out why);
    }

    /// <summary>Parses offsets such as <c>30m,1h,6h,2d</c>.</summary>
    public static bool TryParseOffsets(string text, out List<Duration> offsets, out string? why)
    {
        offsets = [];
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            char unit = part[^1];
            if (!long.TryParse(part.AsSpan(0, part.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out long amount))
            {
                why = $"'{part}' is not a number followed by m, h or d";
                return false;
            }

            Duration? offset = unit switch
            {
                'm' => Duration.FromMinutes(amount),
                'h' => Duration.FromHours(amount),
                'd' => Duration.FromDays(amount),
                _ => null,
            };
            if (offset is null)
            {
                why = $"'{part}' has unit '{unit}'; use m, h or d";
                return false;
            }

            offsets.Add(offset.Value);
        }

        why = offsets.Count == 0 ? "no offsets given" : null;
        return offsets.Count > 0;
    }

    /// <summary>The extensions that name a rows format: <c>.csv</c>, <c>.jsonl</c> (or <c>.json</c>) and <c>.parquet</c>.</summary>
    public static IReadOnlyList<string> KnownExtensions { get; } = [".csv", ".jsonl", ".json", ".parquet"];

    /// <summary>The format a rows file's extension names; CSV for any other extension.</summary>
    public static string FormatFromExtension(string fileName) => TryFormatFromExtension(fileName, out string? format) ? format : "csv";

    /// <summary>The format a rows file's extension names; false when it names none of <see cref="KnownExtensions"/>.</summary>
    public static bool TryFormatFromExtension(string fileName, [NotNullWhen(true)] out string? format)
    {
        format = Path.GetExtension(fileName).ToUpperInvariant() switch
        {
            ".CSV" => "csv",
            ".JSONL" or ".JSON" => "jsonl",
            ".PARQUET" => "parquet",
            _ => null,
        };
        return format is not null;
    }
}
