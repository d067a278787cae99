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

    public static string FormatFromExtension(string fileName) => Path.GetExtension(fileName).ToUpperInvariant() switch
    {
        ".JSONL" or ".JSON" => "jsonl",
        ".PARQUET" => "parquet",
        _ => "csv",
    };
}
