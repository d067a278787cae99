using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FeatureContracts.Contracts;
using FeatureContracts.Rows;
using FeatureContracts.Vectors;
using NodaTime;
using NodaTime.Text;

namespace FeatureContracts.Models;

/// <summary>
/// Reads a training export (the JSON Lines or CSV rows that the training exporter writes) back into labelled
/// vectors. The file must follow the contract exactly: the columns <c>order_id</c>, <c>prediction_time</c>, each
/// feature by name, each missing indicator, <c>label</c>; every value of its feature's kind, a category from the
/// vocabulary or the unseen bucket, a number finite and within the feature's range, missing (JSON <c>null</c>, an
/// empty CSV field) only where the contract keeps the feature missing and then with its indicator 1. Anything else
/// is refused with an <see cref="InvalidDataException"/> naming the line and the column.
/// </summary>
public static class TrainingData
{
    private const string OrderIdColumn = "order_id";
    private const string PredictionTimeColumn = "prediction_time";
    private const string LabelColumn = "label";

    /// <summary>Reads a JSON Lines export.</summary>
    /// <param name="path">The rows file.</param>
    /// <param name="contract">The contract the export followed.</param>
    /// <param name="vectorizer">The vector layout, built for <paramref name="contract"/>.</param>
    /// <exception cref="ArgumentException">The vectorizer is for another contract (the message names both fingerprints).</exception>
    /// <exception cref="InvalidDataException">A line does not follow the contract; the message names the line and column.</exception>
    public static TrainingSet ReadJsonLines(string path, FeatureContract contract, FeatureVectorizer vectorizer)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var reader = new RowParser(contract, vectorizer, path);
        var examples = new List<TrainingExample>();
        using (var text = new StreamReader(path, new UTF8Encoding(false, throwOnInvalidBytes: true)))
        {
            long lineNumber = 0;
            while (text.ReadLine() is { } line)
            {
                lineNumber++;
                examples.Add(reader.ParseJson(line, lineNumber));
            }
        }

        return new TrainingSet(vectorizer, examples, Sha256Of(path));
    }

    /// <summary>Reads a CSV export (RFC 4180, header row first).</summary>
    /// <param name="path">The rows file.</param>
    /// <param name="contract">The contract the export followed.</param>
    /// <param name="vectorizer">The vector layout, built for <paramref name="contract"/>.</param>
    /// <exception cref="ArgumentException">The vectorizer is for another contract (the message names both fingerprints).</exception>
    /// <exception cref="InvalidDataException">
    /// The header is not the contract's columns, or a record does not follow the contract; the message names the line and column.
    /// </exception>
    public static TrainingSet ReadCsv(string path, FeatureContract contract, FeatureVectorizer vectorizer)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var parser = new RowParser(contract, vectorizer, path);
        var examples = new List<TrainingExample>();
        using (var text = new StreamReader(path, new UTF8Encoding(false, throwOnInvalidBytes: true)))
        {
            var csv = new CsvRecordReader(text);
            var fields = new List<CsvField>();
            if (!csv.TryRead(fields, out long headerLine))
            {
                throw new InvalidDataException($"{path}: the file is empty; expected a header row.");
            }

            parser.CheckCsvHeader(fields, headerLine);
            while (csv.TryRead(fields, out long line))
            {
                examples.Add(parser.ParseCsv(fields, line));
            }
        }

        return new TrainingSet(vectorizer, examples, Sha256Of(path));
    }

    private static string Sha256Of(string path)
    {
        using FileStream file = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }

    /// <summary>Parses one row in either format against the contract.</summary>
    private sealed class RowParser
    {
        private readonly FeatureContract _contract;
        private readonly FeatureVectorizer _vectorizer;
        private readonly string _path;
        private readonly string[] _columns;
        private readonly Dictionary<string, int> _indexOf = new(StringComparer.Ordinal);
        private readonly int _features;

        public RowParser(FeatureContract contract, FeatureVectorizer vectorizer, string path)
        {
            ArgumentNullException.ThrowIfNull(contract);
            ArgumentNullException.ThrowIfNull(vectorizer);
            if (!string.Equals(contract.Fingerprint, vectorizer.ContractFingerprint, StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"The vectorizer is for contract fingerprint {vectorizer.ContractFingerprint}, but the contract {contract.Name} v{contract.Version} has fingerprint {contract.Fingerprint}.",
                    nameof(vectorizer));
            }

            _contract = contract;
            _vectorizer = vectorizer;
            _path = path;
            _features = contract.Features.Length;
            var columns = new List<string> { OrderIdColumn, PredictionTimeColumn };
            foreach (RowColumn column in contract.Schema.Columns)
            {
                columns.Add(column.Name);
            }

            columns.Add(LabelColumn);
            _columns = [.. columns];
            for (int i = 0; i < _columns.Length; i++)
            {
                if (!_indexOf.TryAdd(_columns[i], i))
                {
                    throw new ArgumentException($"Contract '{contract.Name}' has a column named '{_columns[i]}' twice in the training layout.", nameof(contract));
                }
            }
        }

        public void CheckCsvHeader(List<CsvField> header, long line)
        {
            for (int i = 0; i < Math.Max(header.Count, _columns.Length); i++)
            {
                string? found = i < header.Count ? header[i].Text : null;
                string? expected = i < _columns.Length ? _columns[i] : null;
                if (!string.Equals(found, expected, StringComparison.Ordinal))
                {
                    throw Problem(line, string.Create(CultureInfo.InvariantCulture, $"header column {i + 1}"),
                        $"expected {(expected is null ? "no more columns" : $"'{expected}'")}, found {(found is null ? "no column" : $"'{found}'")}; the header must be {string.Join(",", _columns)} for contract {_contract.Name} v{_contract.Version}");
                }
            }
        }

        public TrainingExample ParseCsv(List<CsvField> fields, long line)
        {
            if (fields.Count != _columns.Length)
            {
                throw Problem(line, "record", string.Create(CultureInfo.InvariantCulture, $"has {fields.Count} fields; the header has {_columns.Length}"));
            }

            var cells = new Cell[_columns.Length];
            for (int i = 0; i < fields.Count; i++)
            {
                CsvField field = fields[i];
                cells[i] = field.Text.Length == 0 && !field.Quoted ? Cell.Null : new Cell(CellKind.Text, field.Text, 0);
            }

            return Build(cells, line, fromCsv: true);
        }

        public TrainingExample ParseJson(string text, long line)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(text);
            }
            catch (JsonException e)
            {
                throw Problem(line, "line", $"is not valid JSON ({e.Message})");
            }

            using (document)
            {
                JsonElement root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    throw Problem(line, "line", "is not a JSON object");
                }

                var cells = new Cell[_columns.Length];
                var seen = new bool[_columns.Length];
                foreach (JsonProperty property in root.EnumerateObject())
                {
                    if (!_indexOf.TryGetValue(property.Name, out int index))
                    {
                        throw Problem(line, property.Name, $"is not a column of contract {_contract.Name} v{_contract.Version}");
                    }

                    if (seen[index])
                    {
                        throw Problem(line, property.Name, "appears twice");
                    }

                    seen[index] = true;
                    JsonElement value = property.Value;
                    cells[index] = value.ValueKind switch
                    {
                        JsonValueKind.Null => Cell.Null,
                        JsonValueKind.String => new Cell(CellKind.Text, value.GetString()!, 0),
                        JsonValueKind.True => new Cell(CellKind.Boolean, "true", 1),
                        JsonValueKind.False => new Cell(CellKind.Boolean, "false", 0),
                        JsonValueKind.Number => value.TryGetDouble(out double number) && double.IsFinite(number)
                            ? new Cell(CellKind.Number, value.GetRawText(), number)
                            : throw Problem(line, property.Name, $"'{value.GetRawText()}' is not a finite number"),
                        _ => throw Problem(line, property.Name, $"holds a JSON {value.ValueKind.ToString().ToLowerInvariant()}"),
                    };
                }

                for (int i = 0; i < seen.Length; i++)
                {
                    if (!seen[i])
                    {
                        throw Problem(line, _columns[i], "is absent");
                    }
                }

                return Build(cells, line, fromCsv: false);
            }
        }

        private TrainingExample Build(Cell[] cells, long line, bool fromCsv)
        {
            string orderId = RequireText(cells[0], line, OrderIdColumn);
            if (orderId.Length == 0)
            {
                throw Problem(line, OrderIdColumn, "is empty");
            }

            string timeText = RequireText(cells[1], line, PredictionTimeColumn);
            ParseResult<Instant> time = InstantPattern.ExtendedIso.Parse(timeText);
            if (!time.Success)
            {
                throw Problem(line, PredictionTimeColumn, $"'{timeText}' is not an ISO-8601 UTC instant ending in Z");
            }

            var values = new FeatureValue[_features];
            for (int f = 0; f < _features; f++)
            {
                values[f] = ParseFeature(_contract.Features[f], cells[2 + f], line, fromCsv);
            }

            for (int c = 2 + _features; c < _columns.Length - 1; c++)
            {
                string column = _columns[c];
                RowColumn schemaColumn = _contract.Schema.Columns[c - 2];
                bool indicator = ParseZeroOne(cells[c], line, column, fromCsv);
                int feature = IndexOfFeature(schemaColumn.Feature);
                if (indicator != values[feature].IsMissing)
                {
                    throw Problem(line, column, $"is {(indicator ? 1 : 0)} but feature '{schemaColumn.Feature}' is {(values[feature].IsMissing ? "missing" : "present")}");
                }
            }

            bool label = ParseZeroOne(cells[^1], line, LabelColumn, fromCsv);
            var vector = new double[_vectorizer.Length];
            _vectorizer.Vectorize(values, vector);
            return new TrainingExample(orderId, time.Value, vector, label);
        }

        private int IndexOfFeature(string name)
        {
            for (int i = 0; i < _features; i++)
            {
                if (string.Equals(_contract.Features[i].Name, name, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            throw new InvalidOperationException($"Contract '{_contract.Name}' has no feature '{name}'.");
        }

        private FeatureValue ParseFeature(FeatureDefinition feature, Cell cell, long line, bool fromCsv)
        {
            string column = feature.Name;
            if (cell.Kind == CellKind.Null)
            {
                if (feature.Missing.Rule != MissingRule.MissingWithIndicator)
                {
                    throw Problem(line, column, $"is missing, but the contract never leaves '{feature.Name}' missing (missing rule {feature.Missing.Rule})");
                }

                return FeatureValue.Missing(feature.Kind);
            }

            switch (feature)
            {
                case NumericFeatureDefinition numeric:
                    double number;
                    if (cell.Kind == CellKind.Number)
                    {
                        number = cell.Number;
                    }
                    else if (fromCsv && cell.Kind == CellKind.Text
                        && double.TryParse(cell.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number))
                    {
                    }
                    else
                    {
                        throw Problem(line, column, $"'{cell.Text}' is not a finite number");
                    }

                    if (!numeric.Range.Contains(number))
                    {
                        throw Problem(line, column, string.Create(CultureInfo.InvariantCulture, $"{number:R} is outside the contract's range {numeric.Range}"));
                    }

                    return FeatureValue.Numeric(number);
                case CategoricalFeatureDefinition categorical:
                    if (cell.Kind != CellKind.Text)
                    {
                        throw Problem(line, column, $"'{cell.Text}' is not a category code (a string)");
                    }

                    if (!categorical.Vocabulary.Contains(cell.Text) && !string.Equals(categorical.Unseen.Bucket, cell.Text, StringComparison.Ordinal))
                    {
                        string bucket = categorical.Unseen.Bucket is { } b ? $" nor its unseen bucket '{b}'" : string.Empty;
                        throw Problem(line, column, $"unknown category '{cell.Text}': not in the contract's vocabulary [{string.Join(", ", categorical.Vocabulary)}]{bucket}");
                    }

                    return FeatureValue.Categorical(cell.Text);
                default:
                    if (cell.Kind == CellKind.Boolean || (fromCsv && cell.Kind == CellKind.Text && cell.Text is "true" or "false"))
                    {
                        return FeatureValue.Bool(cell.Text == "true");
                    }

                    throw Problem(line, column, $"'{cell.Text}' is not a boolean (true or false)");
            }
        }

        private string RequireText(Cell cell, long line, string column)
            => cell.Kind == CellKind.Text ? cell.Text : throw Problem(line, column, cell.Kind == CellKind.Null ? "is missing" : $"'{cell.Text}' is not a string");

        private bool ParseZeroOne(Cell cell, long line, string column, bool fromCsv)
        {
            bool isNumberCell = cell.Kind == CellKind.Number || (fromCsv && cell.Kind == CellKind.Text);
            if (isNumberCell && cell.Text is "0" or "1")
            {
                return cell.Text == "1";
            }

            throw Problem(line, column, cell.Kind == CellKind.Null ? "is missing; expected 0 or 1" : $"'{cell.Text}' is not 0 or 1");
        }

        private InvalidDataException Problem(long line, string column, string message)
            => new(string.Create(CultureInfo.InvariantCulture, $"{_path}, line {line}, column '{column}': {message}."));
    }

    private enum CellKind
    {
        Null,
        Text,
        Number,
        Boolean,
    }

    private readonly record struct Cell(CellKind Kind, string Text, double Number)
    {
        public static readonly Cell Null = new(CellKind.Null, "null", 0);
    }
}
