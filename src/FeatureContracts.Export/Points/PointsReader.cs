using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using FeatureContracts.Export.Events;
using FeatureContracts.Export.Text;
using NodaTime;

namespace FeatureContracts.Export.Points;

/// <summary>One line of a points file: a prediction point, or why the line cannot be used.</summary>
/// <param name="LineNumber">The 1-based line number (a CSV header is line 1).</param>
/// <param name="Point">The point, when the line was usable.</param>
/// <param name="Rejection">The rejection, when it was not.</param>
public readonly record struct PointLine(long LineNumber, PredictionPoint? Point, LineRejection? Rejection);

/// <summary>
/// Reads prediction points: CSV with a header naming the entity's column (the domain's entity key, e.g.
/// <c>order_id</c>) and <c>prediction_time</c> (RFC 4180 quoting, other columns ignored), or JSON Lines objects with
/// those keys. Each unusable line is a <see cref="LineRejection"/>; a file whose header lacks a required column is
/// refused with <see cref="InvalidDataException"/>.
/// </summary>
public static class PointsReader
{
    private const string PredictionTimeColumn = "prediction_time";

    /// <summary>Reads a points file, choosing the format by extension: <c>.jsonl</c>/<c>.json</c> or CSV.</summary>
    /// <param name="path">The file.</param>
    /// <param name="entityColumn">The column naming the entity, e.g. <c>order_id</c>.</param>
    public static IEnumerable<PointLine> ReadFile(string path, string entityColumn)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentException.ThrowIfNullOrWhiteSpace(entityColumn);
        string extension = Path.GetExtension(path);
        bool json = extension.Equals(".jsonl", StringComparison.OrdinalIgnoreCase) || extension.Equals(".json", StringComparison.OrdinalIgnoreCase);
        return ReadLines(path, json, entityColumn);
    }

    /// <summary>Reads CSV points from <paramref name="reader"/>.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="entityColumn">The column naming the entity, e.g. <c>order_id</c>.</param>
    public static IEnumerable<PointLine> ReadCsv(TextReader reader, string entityColumn)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentException.ThrowIfNullOrWhiteSpace(entityColumn);
        return ReadCsvLines(reader, entityColumn);
    }

    /// <summary>Reads JSON Lines points from <paramref name="reader"/>.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="entityColumn">The key naming the entity, e.g. <c>order_id</c>.</param>
    public static IEnumerable<PointLine> ReadJsonLines(TextReader reader, string entityColumn)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentException.ThrowIfNullOrWhiteSpace(entityColumn);
        return ReadJsonLinesLines(reader, entityColumn);
    }

    private static IEnumerable<PointLine> ReadCsvLines(TextReader reader, string entityColumn)
    {
        string header = reader.ReadLine() ?? throw new InvalidDataException($"The points file is empty; expected a header '{entityColumn},{PredictionTimeColumn}'.");
        List<string>? columns = SplitCsv(header.TrimStart('\uFEFF'));
        int entityIndex = columns?.IndexOf(entityColumn) ?? -1;
        int timeIndex = columns?.IndexOf(PredictionTimeColumn) ?? -1;
        if (entityIndex < 0 || timeIndex < 0)
        {
            throw new InvalidDataException($"The points header '{header}' must name the columns '{entityColumn}' and '{PredictionTimeColumn}'.");
        }

        long lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            List<string>? fields = SplitCsv(line);
            if (fields is null)
            {
                yield return Reject(lineNumber, null, LineRejectionCode.MalformedCsv, "the line is not valid CSV (unbalanced quotes)");
            }
            else if (line.Length == 0)
            {
                yield return Reject(lineNumber, null, LineRejectionCode.EmptyLine, "the line is empty");
            }
            else if (fields.Count <= Math.Max(entityIndex, timeIndex))
            {
                string missing = fields.Count <= entityIndex ? entityColumn : PredictionTimeColumn;
                yield return Reject(lineNumber, missing, LineRejectionCode.MissingField, $"the line has {fields.Count} field(s); '{missing}' is missing");
            }
            else
            {
                yield return Parse(lineNumber, entityColumn, fields[entityIndex], fields[timeIndex]);
            }
        }
    }

    private static IEnumerable<PointLine> ReadJsonLinesLines(TextReader reader, string entityColumn)
    {
        long lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            yield return ParseJson(lineNumber, line, entityColumn);
        }
    }

    private static IEnumerable<PointLine> ReadLines(string path, bool json, string entityColumn)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        IEnumerable<PointLine> lines = json ? ReadJsonLinesLines(reader, entityColumn) : ReadCsvLines(reader, entityColumn);
        foreach (PointLine line in lines)
        {
            yield return line;
        }
    }

    private static PointLine ParseJson(long lineNumber, string line, string entityColumn)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return Reject(lineNumber, null, LineRejectionCode.EmptyLine, "the line is empty");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            return Reject(lineNumber, null, LineRejectionCode.MalformedJson, $"the line is not valid JSON: {e.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Reject(lineNumber, null, LineRejectionCode.NotAnObject, "the line is not a JSON object");
            }

            string? entityId = null;
            string? time = null;
            foreach (string name in (string[])[entityColumn, PredictionTimeColumn])
            {
                if (!document.RootElement.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
                {
                    return Reject(lineNumber, name, LineRejectionCode.MissingField, $"'{name}' is missing");
                }

                if (value.ValueKind != JsonValueKind.String)
                {
                    return Reject(lineNumber, name, LineRejectionCode.InvalidValue, $"'{name}' must be a string, not {value.ValueKind}");
                }

                if (name == entityColumn)
                {
                    entityId = value.GetString();
                }
                else
                {
                    time = value.GetString();
                }
            }

            return Parse(lineNumber, entityColumn, entityId!, time!);
        }
    }

    private static PointLine Parse(long lineNumber, string entityColumn, string entityId, string time)
    {
        if (string.IsNullOrWhiteSpace(entityId))
        {
            return Reject(lineNumber, entityColumn, LineRejectionCode.InvalidValue, $"'{entityColumn}' is blank");
        }

        if (!IsoInstant.TryParse(time, out Instant instant, out LineRejectionCode failure))
        {
            return Reject(lineNumber, PredictionTimeColumn, failure, $"'{Truncate(time)}' {IsoInstant.Explain(failure)}");
        }

        return new PointLine(lineNumber, new PredictionPoint(entityId, instant), null);
    }

    private static PointLine Reject(long lineNumber, string? field, LineRejectionCode code, string reason)
        => new(lineNumber, null, new LineRejection(lineNumber, field, code, reason));

    private static string Truncate(string text) => text.Length <= 64 ? text : text[..64] + "…";

    /// <summary>Splits one RFC 4180 line; <see langword="null"/> when its quotes do not balance.</summary>
    private static List<string>? SplitCsv(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c != '"')
                {
                    field.Append(c);
                }
                else if (i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else
                {
                    quoted = false;
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c != '\r')
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            return null;
        }

        fields.Add(field.ToString());
        return fields;
    }
}
