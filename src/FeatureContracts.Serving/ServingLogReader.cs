using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using FeatureContracts.Contracts;
using FeatureContracts.Domains;
using FeatureContracts.Rows;
using NodaTime;

namespace FeatureContracts.Serving;

/// <summary>
/// Reads a serving log (<see cref="ServingLogWriter"/>'s format) back, for any domain: the entity id under the domain's
/// entity key, the values, notes and freshness of the transform's contract, every rejection and reason. Every text is
/// read by the row codec (<see cref="RowCodec.TryParseInstant"/>, <see cref="RowCodec.TryParseValue"/>,
/// <see cref="RowCodec.TryParseFlags"/>, <see cref="RowCodec.TryParseDuration"/>, <see cref="RowCodec.TryParseCode"/>).
/// </summary>
/// <remarks>
/// Strict: a line that is not exactly what the writer writes for the transform's contract (malformed JSON, a property
/// absent, unknown or repeated, an instant without offset, a value of the wrong kind, an unknown code or flag, a
/// fingerprint of another contract, a score without its row) is returned with an error naming the line, the property
/// and the reason, never skipped: the lines read are the entries plus the errors.
/// </remarks>
public sealed class ServingLogReader
{
    private readonly FeatureContract _contract;
    private readonly string _entityKey;
    private readonly string _labelName;
    private readonly Dictionary<string, int> _featureIndex = new(StringComparer.Ordinal);

    /// <summary>Creates a reader for the serving log of <paramref name="transform"/>'s scorer.</summary>
    /// <param name="transform">The transform: its domain's entity key names the entity id, its contract the columns.</param>
    /// <exception cref="ArgumentException">The domain's entity key is the name of another property of every line.</exception>
    public ServingLogReader(Transform transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        if (ServingLogWriter.IsReservedName(transform.Domain.Entity.Key))
        {
            throw new ArgumentException(
                $"The domain's entity key '{transform.Domain.Entity.Key}' is also a property of every serving log line; no serving log holds it.", nameof(transform));
        }

        _contract = transform.Contract;
        _entityKey = transform.Domain.Entity.Key;
        _labelName = transform.Domain.Label.Name;
        for (int i = 0; i < _contract.Features.Length; i++)
        {
            _featureIndex.Add(_contract.Features[i].Name, i);
        }
    }

    /// <summary>Reads every line of <paramref name="reader"/>, lazily, one result per line.</summary>
    public IEnumerable<ServingLogLine> ReadLines(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Read(reader);
    }

    /// <summary>Reads every line of the UTF-8 file at <paramref name="path"/>, lazily, one result per line.</summary>
    public IEnumerable<ServingLogLine> ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return ReadFileLines(path);
    }

    /// <summary>Reads one line's text.</summary>
    /// <param name="lineNumber">The line's number, named by an error.</param>
    /// <param name="line">The text of the line, without its end.</param>
    public ServingLogLine ReadLine(long lineNumber, string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        try
        {
            return new ServingLogLine(lineNumber, Parse(line), null);
        }
        catch (LineException e)
        {
            string where = e.Property is null ? string.Empty : $"property '{e.Property}': ";
            return new ServingLogLine(lineNumber, null, string.Create(CultureInfo.InvariantCulture, $"line {lineNumber}: {where}{e.Message}"));
        }
    }

    private IEnumerable<ServingLogLine> ReadFileLines(string path)
    {
        using var reader = new StreamReader(path, new UTF8Encoding(false, true));
        foreach (ServingLogLine line in Read(reader))
        {
            yield return line;
        }
    }

    private IEnumerable<ServingLogLine> Read(TextReader reader)
    {
        long number = 0;
        while (reader.ReadLine() is { } text)
        {
            yield return ReadLine(++number, text);
        }
    }

    private ServingLogEntry Parse(string line)
    {
        if (line.Length == 0)
        {
            throw new LineException(null, "is empty; every line is one JSON object");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new LineException(null, $"is not valid JSON ({e.Message})");
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new LineException(null, $"is a JSON {Kind(root)}, not an object");
            }

            var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (JsonProperty property in root.EnumerateObject())
            {
                if (!string.Equals(property.Name, _entityKey, StringComparison.Ordinal) && !ServingLogWriter.IsReservedName(property.Name))
                {
                    throw new LineException(property.Name, $"is not a property of a serving log line of domain entity key '{_entityKey}'");
                }

                if (!properties.TryAdd(property.Name, property.Value))
                {
                    throw new LineException(property.Name, "appears twice");
                }
            }

            string entityId = RequireString(properties, _entityKey);
            if (entityId.Length == 0)
            {
                throw new LineException(_entityKey, "is empty");
            }

            string instantText = RequireString(properties, "prediction_time");
            if (!RowCodec.TryParseInstant(instantText, out Instant predictionInstant, out string? instantError))
            {
                throw new LineException("prediction_time", instantError!);
            }

            string fingerprint = RequireString(properties, "fingerprint");
            if (!string.Equals(fingerprint, _contract.Fingerprint, StringComparison.Ordinal))
            {
                throw new LineException(
                    "fingerprint",
                    $"'{fingerprint}' is not the fingerprint of contract '{_contract.Name}' v{_contract.Version.ToString(CultureInfo.InvariantCulture)} ({_contract.Fingerprint}); the line was written for another contract");
            }

            string modelId = RequireString(properties, "model_id");
            double? score = ReadScore(Require(properties, "score"));
            bool hasRow = properties.TryGetValue("values", out JsonElement values);
            ImmutableArray<FeatureValue> columnValues = [];
            ImmutableArray<CellNotes> notes = [];
            ImmutableArray<Duration?> freshness = [];
            ImmutableArray<string?> observed = [];
            if (hasRow)
            {
                columnValues = ReadValues(values);
                notes = ReadNotes(Require(properties, "notes"));
                freshness = ReadFreshness(Require(properties, "freshness"));
                observed = ReadObserved(Require(properties, "observed"));
            }
            else
            {
                foreach (string part in (string[])["notes", "freshness", "observed"])
                {
                    if (properties.ContainsKey(part))
                    {
                        throw new LineException(part, "is written only with the row's values, and the line has none");
                    }
                }
            }

            ImmutableArray<RowRejection> rejections = properties.TryGetValue("rejections", out JsonElement rejected) ? ReadRejections(rejected) : [];
            if (hasRow && !rejections.IsEmpty)
            {
                throw new LineException("rejections", "a row the contract rejected has no values, but the line has both");
            }

            ImmutableArray<NotScoredReason> reasons = properties.TryGetValue("not_scored", out JsonElement notScored) ? ReadReasons(notScored) : [];
            if (score is not null && properties.ContainsKey("not_scored"))
            {
                throw new LineException("not_scored", "a scored line has no reasons for not being scored");
            }

            if (score is null && reasons.IsEmpty)
            {
                throw new LineException("not_scored", "is absent or empty, but the score is null: a line that was not scored gives its reasons");
            }

            if (score is not null && !hasRow)
            {
                throw new LineException("values", "is absent, but the line has a score: a score comes with the row it was made from");
            }

            return new ServingLogEntry(entityId, predictionInstant, fingerprint, modelId, score, hasRow, columnValues, notes, freshness, observed, rejections, reasons);
        }
    }

    private static double? ReadScore(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.Number:
                return RowCodec.TryParseNumber(element.GetRawText(), out double score, out string? error) ? score : throw new LineException("score", error!);
            default:
                throw new LineException("score", $"is a JSON {Kind(element)}; expected a number, or null when not scored");
        }
    }

    private ImmutableArray<FeatureValue> ReadValues(JsonElement element)
    {
        RequireObject(element, "values");
        ImmutableArray<RowColumn> columns = _contract.Schema.Columns;
        var read = new FeatureValue[columns.Length];
        foreach (JsonProperty property in element.EnumerateObject())
        {
            string name = $"values.{property.Name}";
            int index = _contract.Schema.IndexOf(property.Name);
            if (index < 0)
            {
                throw new LineException(name, $"is not a column of contract '{_contract.Name}' v{_contract.Version.ToString(CultureInfo.InvariantCulture)}");
            }

            if (!read[index].IsDefault)
            {
                throw new LineException(name, "appears twice");
            }

            read[index] = ReadColumn(columns[index], name, property.Value);
        }

        for (int i = 0; i < columns.Length; i++)
        {
            if (read[i].IsDefault)
            {
                throw new LineException($"values.{columns[i].Name}", "is absent");
            }

            if (columns[i].Type == ColumnType.MissingIndicator)
            {
                bool indicator = read[i].Number == 1;
                bool missing = read[_featureIndex[columns[i].Feature]].IsMissing;
                if (indicator != missing)
                {
                    throw new LineException(
                        $"values.{columns[i].Name}", $"is {RowCodec.FormatBit(indicator)} but feature '{columns[i].Feature}' is {(missing ? "missing" : "present")}");
                }
            }
        }

        return [.. read];
    }

    private static FeatureValue ReadColumn(RowColumn column, string name, JsonElement element)
    {
        FeatureKind kind;
        string? text;
        switch (column.Type)
        {
            case ColumnType.MissingIndicator:
                if (element.ValueKind != JsonValueKind.Number || !RowCodec.TryParseBit(element.GetRawText(), out bool bit, out _))
                {
                    throw new LineException(name, $"{Describe(element)} is not a missing indicator (the number 0 or 1)");
                }

                return FeatureValue.Numeric(bit ? 1 : 0);
            case ColumnType.Numeric:
                kind = FeatureKind.Numeric;
                text = element.ValueKind switch
                {
                    JsonValueKind.Null => null,
                    JsonValueKind.Number => element.GetRawText(),
                    _ => throw new LineException(name, $"{Describe(element)} is not a number (or null when missing)"),
                };
                break;
            case ColumnType.Categorical:
                kind = FeatureKind.Categorical;
                text = element.ValueKind switch
                {
                    JsonValueKind.Null => null,
                    JsonValueKind.String => element.GetString(),
                    _ => throw new LineException(name, $"{Describe(element)} is not a category code (a string, or null when missing)"),
                };
                break;
            default:
                kind = FeatureKind.Boolean;
                text = element.ValueKind switch
                {
                    JsonValueKind.Null => null,
                    JsonValueKind.True => RowCodec.True,
                    JsonValueKind.False => RowCodec.False,
                    _ => throw new LineException(name, $"{Describe(element)} is not a boolean (true or false, or null when missing)"),
                };
                break;
        }

        return RowCodec.TryParseValue(kind, text, out FeatureValue value, out string? error) ? value : throw new LineException(name, error!);
    }

    private ImmutableArray<CellNotes> ReadNotes(JsonElement element)
    {
        RequireObject(element, "notes");
        var notes = new CellNotes[_contract.Features.Length];
        var seen = new bool[notes.Length];
        foreach (JsonProperty property in element.EnumerateObject())
        {
            string name = $"notes.{property.Name}";
            int index = FeatureIndex(name, property.Name, seen);
            if (property.Value.ValueKind != JsonValueKind.Array)
            {
                throw new LineException(name, $"{Describe(property.Value)} is not an array of note names");
            }

            var names = new List<string>();
            foreach (JsonElement item in property.Value.EnumerateArray())
            {
                names.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw new LineException(name, $"{Describe(item)} is not a note name (a string)"));
            }

            if (!RowCodec.TryParseFlags(names, out CellNotes flags, out string? error))
            {
                throw new LineException(name, error!);
            }

            if (flags == CellNotes.None)
            {
                throw new LineException(name, "is empty; a feature without notes is not written");
            }

            notes[index] = flags;
        }

        return [.. notes];
    }

    private ImmutableArray<Duration?> ReadFreshness(JsonElement element)
    {
        RequireObject(element, "freshness");
        var lags = new Duration?[_contract.Features.Length];
        var seen = new bool[lags.Length];
        foreach (JsonProperty property in element.EnumerateObject())
        {
            string name = $"freshness.{property.Name}";
            int index = FeatureIndex(name, property.Name, seen);
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                throw new LineException(name, $"{Describe(property.Value)} is not a duration (a string such as PT1H30M)");
            }

            lags[index] = RowCodec.TryParseDuration(property.Value.GetString()!, out Duration lag, out string? error) ? lag : throw new LineException(name, error!);
        }

        return [.. lags];
    }

    private ImmutableArray<string?> ReadObserved(JsonElement element)
    {
        RequireObject(element, "observed");
        var observed = new string?[_contract.Features.Length];
        var seen = new bool[observed.Length];
        foreach (JsonProperty property in element.EnumerateObject())
        {
            string name = $"observed.{property.Name}";
            int index = FeatureIndex(name, property.Name, seen);
            observed[index] = property.Value.ValueKind == JsonValueKind.String
                ? property.Value.GetString()!
                : throw new LineException(name, $"{Describe(property.Value)} is not the text of an observed value");
        }

        return [.. observed];
    }

    private ImmutableArray<RowRejection> ReadRejections(JsonElement element)
    {
        var rejections = ImmutableArray.CreateBuilder<RowRejection>();
        foreach ((string name, Dictionary<string, JsonElement> fields) in ReadObjects(element, "rejections", "feature", "code", "attempted_value"))
        {
            string? feature = OptionalFeature(fields, name);
            RejectionCode code = ReadCode<RejectionCode>(fields, name);
            string? attempted = OptionalString(fields["attempted_value"], $"{name}.attempted_value");
            string message = $"the contract rejected the row: {RowCodec.FormatCode(code)}"
                + (feature is null ? string.Empty : $" for feature '{feature}'")
                + (attempted is null ? string.Empty : $", value '{attempted}'");
            rejections.Add(new RowRejection(feature, code, attempted, message));
        }

        if (rejections.Count == 0)
        {
            throw new LineException("rejections", "is empty; a row the contract accepted has no rejections");
        }

        return rejections.ToImmutable();
    }

    private ImmutableArray<NotScoredReason> ReadReasons(JsonElement element)
    {
        var reasons = ImmutableArray.CreateBuilder<NotScoredReason>();
        foreach ((string name, Dictionary<string, JsonElement> fields) in ReadObjects(element, "not_scored", "code", "feature"))
        {
            NotScoredCode code = ReadCode<NotScoredCode>(fields, name);
            string? feature = OptionalFeature(fields, name);
            reasons.Add(new NotScoredReason(code, feature, $"not scored: {RowCodec.FormatCode(code)}" + (feature is null ? string.Empty : $" for feature '{feature}'")));
        }

        return reasons.ToImmutable();
    }

    /// <summary>The objects of an array, each with exactly <paramref name="fields"/>, named <c>property[i]</c>.</summary>
    private static List<(string Name, Dictionary<string, JsonElement> Fields)> ReadObjects(JsonElement element, string property, params string[] fields)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new LineException(property, $"{Describe(element)} is not an array");
        }

        var objects = new List<(string, Dictionary<string, JsonElement>)>();
        int i = 0;
        foreach (JsonElement item in element.EnumerateArray())
        {
            string name = string.Create(CultureInfo.InvariantCulture, $"{property}[{i++}]");
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw new LineException(name, $"{Describe(item)} is not an object");
            }

            var read = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (JsonProperty field in item.EnumerateObject())
            {
                if (Array.IndexOf(fields, field.Name) < 0)
                {
                    throw new LineException($"{name}.{field.Name}", $"is not a field; expected {string.Join(", ", fields)}");
                }

                if (!read.TryAdd(field.Name, field.Value))
                {
                    throw new LineException($"{name}.{field.Name}", "appears twice");
                }
            }

            foreach (string field in fields)
            {
                if (!read.ContainsKey(field))
                {
                    throw new LineException($"{name}.{field}", "is absent");
                }
            }

            objects.Add((name, read));
        }

        return objects;
    }

    private static TEnum ReadCode<TEnum>(Dictionary<string, JsonElement> fields, string name)
        where TEnum : struct, Enum
    {
        JsonElement element = fields["code"];
        if (element.ValueKind != JsonValueKind.String)
        {
            throw new LineException($"{name}.code", $"{Describe(element)} is not a code (a string)");
        }

        return RowCodec.TryParseCode(element.GetString()!, out TEnum code, out string? error) ? code : throw new LineException($"{name}.code", error!);
    }

    private string? OptionalFeature(Dictionary<string, JsonElement> fields, string name)
    {
        string? feature = OptionalString(fields["feature"], $"{name}.feature");
        if (feature is not null && !_featureIndex.ContainsKey(feature) && !string.Equals(feature, _labelName, StringComparison.Ordinal))
        {
            throw new LineException(
                $"{name}.feature",
                $"'{feature}' is neither a feature of contract '{_contract.Name}' v{_contract.Version.ToString(CultureInfo.InvariantCulture)} nor the label '{_labelName}'");
        }

        return feature;
    }

    private int FeatureIndex(string name, string feature, bool[] seen)
    {
        if (!_featureIndex.TryGetValue(feature, out int index))
        {
            throw new LineException(name, $"is not a feature of contract '{_contract.Name}' v{_contract.Version.ToString(CultureInfo.InvariantCulture)}");
        }

        if (seen[index])
        {
            throw new LineException(name, "appears twice");
        }

        seen[index] = true;
        return index;
    }

    private static string? OptionalString(JsonElement element, string name) => element.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => element.GetString(),
        _ => throw new LineException(name, $"{Describe(element)} is not a string or null"),
    };

    private static JsonElement Require(Dictionary<string, JsonElement> properties, string name)
        => properties.TryGetValue(name, out JsonElement element) ? element : throw new LineException(name, "is absent");

    private static string RequireString(Dictionary<string, JsonElement> properties, string name)
    {
        JsonElement element = Require(properties, name);
        return element.ValueKind == JsonValueKind.String ? element.GetString()! : throw new LineException(name, $"{Describe(element)} is not a string");
    }

    private static void RequireObject(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new LineException(name, $"{Describe(element)} is not an object");
        }
    }

    private static string Kind(JsonElement element) => element.ValueKind.ToString().ToLowerInvariant();

    /// <summary>A JSON value for a reason: its kind and (shortened) text, e.g. <c>the JSON string "620"</c>.</summary>
    private static string Describe(JsonElement element)
    {
        string raw = element.GetRawText();
        return $"the JSON {Kind(element)} {(raw.Length <= 60 ? raw : raw[..60] + "…")}";
    }

    /// <summary>Why a line is unusable: the property (null for the whole line) and the reason.</summary>
    private sealed class LineException(string? property, string reason) : Exception(reason)
    {
        public string? Property { get; } = property;
    }
}
