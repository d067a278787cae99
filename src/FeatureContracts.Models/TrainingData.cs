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

namespace FeatureContracts.Models;

/// <summary>
/// Reads a training export (the JSON Lines or CSV rows that the training exporter writes) back into labelled
/// vectors, through the one row codec (<see cref="RowCodec"/>) the exporter writes with; rows read another way
/// through the codec (a Parquet export, read by <c>FeatureContracts.Parquet.ParquetTrainingReader</c>) become
/// labelled vectors through <see cref="FromRecords"/>, the one path every reader here takes too. The file must follow the
/// contract's <see cref="RowLayout"/> exactly: the entity id column (e.g. <c>order_id</c>), <c>prediction_time</c>,
/// each feature by name, each missing indicator, <c>label</c>; every value of its feature's kind, a category from
/// the vocabulary or the unseen bucket, a number finite and within the feature's range, missing (JSON <c>null</c>,
/// an empty CSV field) only where the contract keeps the feature missing and then with its indicator 1. Prediction
/// instants are read at full precision. Anything else is refused with an <see cref="InvalidDataException"/> naming
/// the file, the line and the column.
/// </summary>
/// <remarks>
/// The entity id column is named by the caller, or else by the file: a CSV file's first header column, or the first
/// property of a JSON Lines file's first row (the exporter writes it first).
/// </remarks>
public static class TrainingData
{
    /// <summary>The longest CSV record read, in bytes: a row of several thousand features fits; a longer record is refused.</summary>
    private const int MaxCsvRecordBytes = 16 << 20;

    /// <summary>Reads a JSON Lines export whose entity id column is the first property of its first row.</summary>
    /// <param name="path">The rows file.</param>
    /// <param name="contract">The contract the export followed.</param>
    /// <param name="vectorizer">The vector layout, built for <paramref name="contract"/>.</param>
    /// <exception cref="ArgumentException">The vectorizer is for another contract (the message names both fingerprints).</exception>
    /// <exception cref="InvalidDataException">A line does not follow the contract; the message names the line and column.</exception>
    public static TrainingSet ReadJsonLines(string path, FeatureContract contract, FeatureVectorizer vectorizer)
        => ReadJsonLinesCore(path, contract, vectorizer, entityIdColumn: null);

    /// <summary>Reads a JSON Lines export whose entity id column is <paramref name="entityIdColumn"/>.</summary>
    /// <param name="path">The rows file.</param>
    /// <param name="contract">The contract the export followed.</param>
    /// <param name="vectorizer">The vector layout, built for <paramref name="contract"/>.</param>
    /// <param name="entityIdColumn">The name of the entity id column, from the domain (e.g. <c>order_id</c>).</param>
    /// <exception cref="ArgumentException">
    /// The vectorizer is for another contract (the message names both fingerprints), or the entity id column has no
    /// name or is named like another column.
    /// </exception>
    /// <exception cref="InvalidDataException">A line does not follow the contract; the message names the line and column.</exception>
    public static TrainingSet ReadJsonLines(string path, FeatureContract contract, FeatureVectorizer vectorizer, string entityIdColumn)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entityIdColumn);
        return ReadJsonLinesCore(path, contract, vectorizer, entityIdColumn);
    }

    private static TrainingSet ReadJsonLinesCore(string path, FeatureContract contract, FeatureVectorizer vectorizer, string? entityIdColumn)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        RequireSameContract(contract, vectorizer);
        return FromRecords(JsonLinesRecords(path, contract, entityIdColumn), vectorizer, Sha256Of(path));
    }

    private static IEnumerable<TrainingRecord> JsonLinesRecords(string path, FeatureContract contract, string? entityIdColumn)
    {
        RowLayout? layout = entityIdColumn is null ? null : RowLayout.For(contract, entityIdColumn);
        using var text = new StreamReader(path, new UTF8Encoding(false, throwOnInvalidBytes: true));
        long lineNumber = 0;
        while (text.ReadLine() is { } line)
        {
            lineNumber++;
            layout ??= LayoutNamedBy(path, lineNumber, contract, FirstPropertyOf(path, lineNumber, line));
            yield return Checked(path, lineNumber, () => RowCodec.ReadJsonRow(layout, line));
        }
    }

    /// <summary>Reads a CSV export (RFC 4180, header row first) whose entity id column is the header's first column.</summary>
    /// <param name="path">The rows file.</param>
    /// <param name="contract">The contract the export followed.</param>
    /// <param name="vectorizer">The vector layout, built for <paramref name="contract"/>.</param>
    /// <exception cref="ArgumentException">The vectorizer is for another contract (the message names both fingerprints).</exception>
    /// <exception cref="InvalidDataException">
    /// The header is not the contract's columns, or a record does not follow the contract; the message names the line and column.
    /// </exception>
    public static TrainingSet ReadCsv(string path, FeatureContract contract, FeatureVectorizer vectorizer)
        => ReadCsvCore(path, contract, vectorizer, entityIdColumn: null);

    /// <summary>Reads a CSV export (RFC 4180, header row first) whose entity id column is <paramref name="entityIdColumn"/>.</summary>
    /// <param name="path">The rows file.</param>
    /// <param name="contract">The contract the export followed.</param>
    /// <param name="vectorizer">The vector layout, built for <paramref name="contract"/>.</param>
    /// <param name="entityIdColumn">The name of the entity id column, from the domain (e.g. <c>order_id</c>).</param>
    /// <exception cref="ArgumentException">
    /// The vectorizer is for another contract (the message names both fingerprints), or the entity id column has no
    /// name or is named like another column.
    /// </exception>
    /// <exception cref="InvalidDataException">
    /// The header is not the contract's columns, or a record does not follow the contract; the message names the line and column.
    /// </exception>
    public static TrainingSet ReadCsv(string path, FeatureContract contract, FeatureVectorizer vectorizer, string entityIdColumn)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entityIdColumn);
        return ReadCsvCore(path, contract, vectorizer, entityIdColumn);
    }

    private static TrainingSet ReadCsvCore(string path, FeatureContract contract, FeatureVectorizer vectorizer, string? entityIdColumn)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        RequireSameContract(contract, vectorizer);
        return FromRecords(CsvRecords(path, contract, entityIdColumn), vectorizer, Sha256Of(path));
    }

    private static IEnumerable<TrainingRecord> CsvRecords(string path, FeatureContract contract, string? entityIdColumn)
    {
        RowLayout? named = entityIdColumn is null ? null : RowLayout.For(contract, entityIdColumn);
        using FileStream file = File.OpenRead(path);
        var csv = new CsvRecordReader(file, MaxCsvRecordBytes);
        var fields = new List<CsvField>();
        if (!TryRead(path, csv, fields, layout: null, out long headerLine))
        {
            throw new InvalidDataException($"{path}: the file is empty; expected a header row.");
        }

        RowLayout layout = named ?? LayoutNamedBy(path, headerLine, contract, fields.Count > 0 ? fields[0].Text : string.Empty);
        Checked(path, headerLine, () =>
        {
            RowCodec.CheckCsvHeader(layout, fields);
            return true;
        });
        while (TryRead(path, csv, fields, layout, out long line))
        {
            yield return Checked(path, line, () => RowCodec.ReadCsvRecord(layout, fields));
        }
    }

    /// <summary>
    /// Makes the labelled vectors of <paramref name="records"/>, in order: the one path from rows read through the row
    /// codec (<see cref="RowCodec"/>: a CSV record, a JSON Lines row, a Parquet row) to a training set. Every reader of
    /// this class ends here, so a row gives the same vector bit for bit whatever the format it was read from.
    /// </summary>
    /// <param name="records">
    /// The rows, read and checked against the layout of the contract <paramref name="vectorizer"/> was built for (e.g.
    /// from <c>ParquetTrainingReader.Read(path, RowLayout.For(transform))</c>); enumerated once.
    /// </param>
    /// <param name="vectorizer">The vector layout.</param>
    /// <param name="sha256">The SHA-256 (lower-case hex) of the file the rows were read from, if any; the set keeps it.</param>
    /// <exception cref="ArgumentException">
    /// A record does not hold one value of its feature's kind per feature of the vectorizer's contract; the message
    /// names the record.
    /// </exception>
    public static TrainingSet FromRecords(IEnumerable<TrainingRecord> records, FeatureVectorizer vectorizer, string? sha256 = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(vectorizer);
        var examples = new List<TrainingExample>();
        foreach (TrainingRecord record in records)
        {
            ArgumentNullException.ThrowIfNull(record, nameof(records));
            var vector = new double[vectorizer.Length];
            try
            {
                vectorizer.Vectorize(record.Values.AsSpan(), vector);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Record {examples.Count + 1} ({record.EntityId}@{record.PredictionTime}) does not follow contract {vectorizer.ContractName} v{vectorizer.ContractVersion} of the vectorizer: {e.Message}"),
                    nameof(records),
                    e);
            }

            examples.Add(new TrainingExample(record.EntityId, record.PredictionTime, vector, record.Label));
        }

        return new TrainingSet(vectorizer, examples, sha256);
    }

    private static void RequireSameContract(FeatureContract contract, FeatureVectorizer vectorizer)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(vectorizer);
        if (!string.Equals(contract.Fingerprint, vectorizer.ContractFingerprint, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The vectorizer is for contract fingerprint {vectorizer.ContractFingerprint}, but the contract {contract.Name} v{contract.Version} has fingerprint {contract.Fingerprint}.",
                nameof(vectorizer));
        }
    }

    /// <summary>Runs one step of the codec; a refusal becomes an error naming the file, the line and the column.</summary>
    private static T Checked<T>(string path, long line, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (RowFormatException e)
        {
            throw Problem(path, line, e.Column, e.Reason);
        }
    }

    /// <summary>Reads a record; one that is not CSV is an error naming the line and the column (by the layout's name once known).</summary>
    private static bool TryRead(string path, CsvRecordReader csv, List<CsvField> fields, RowLayout? layout, out long line)
    {
        if (!csv.TryRead(fields, out line, out CsvProblem? problem))
        {
            return false;
        }

        if (problem is not null)
        {
            string column = problem.Column switch
            {
                null => "record",
                int c when layout is null => string.Create(CultureInfo.InvariantCulture, $"header column {c}"),
                int c when c <= layout.Columns.Length => layout.Columns[c - 1].Name,
                int c => string.Create(CultureInfo.InvariantCulture, $"column {c}"),
            };
            throw Problem(path, line, column, problem.Reason.TrimEnd('.'));
        }

        return true;
    }

    /// <summary>The layout whose entity id column the file names (its first column), refusing a name taken by another column.</summary>
    private static RowLayout LayoutNamedBy(string path, long line, FeatureContract contract, string entityIdColumn)
    {
        if (string.IsNullOrWhiteSpace(entityIdColumn))
        {
            throw Problem(path, line, "header column 1", "is empty; the first column is the entity id column, such as 'order_id'");
        }

        if (contract.Schema.IndexOf(entityIdColumn) >= 0 || entityIdColumn is RowLayout.PredictionTimeColumn or RowLayout.LabelColumn)
        {
            throw Problem(path, line, entityIdColumn, $"comes first, where the entity id column (such as 'order_id') belongs; the columns must be in the order of contract {contract.Name} v{contract.Version}");
        }

        return RowLayout.For(contract, entityIdColumn);
    }

    /// <summary>The name of the first property of a JSON Lines row: the entity id column.</summary>
    private static string FirstPropertyOf(string path, long line, string text)
    {
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text));
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                return reader.GetString()!;
            }
        }
        catch (JsonException e)
        {
            throw Problem(path, line, "line", $"is not valid JSON ({e.Message})");
        }

        throw Problem(path, line, "line", "is not a JSON object whose first property is the entity id column, such as 'order_id'");
    }

    private static InvalidDataException Problem(string path, long line, string column, string reason)
        => new(string.Create(CultureInfo.InvariantCulture, $"{path}, line {line}, column '{column}': {reason}."));

    private static string Sha256Of(string path)
    {
        using FileStream file = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }
}
