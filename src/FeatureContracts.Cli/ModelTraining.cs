using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FeatureContracts.Export;
using FeatureContracts.Export.IO;
using FeatureContracts.Models;
using FeatureContracts.Parquet;
using FeatureContracts.Rows;
using FeatureContracts.Serialization;
using FeatureContracts.Vectors;
using FeatureContracts.Domains;

namespace FeatureContracts.Cli;

/// <summary>What <c>train</c> read: the rows, and the export manifest beside them when there is one that describes them.</summary>
/// <param name="Rows">The labelled vectors, in file order, with the file's SHA-256.</param>
/// <param name="Snapshot">The export's snapshot, from a manifest that lists this file's digest; otherwise null.</param>
/// <param name="Notes">What the user should know about how the rows were checked.</param>
internal sealed record TrainingInput(TrainingSet Rows, string? Snapshot, IReadOnlyList<string> Notes);

/// <summary>
/// The steps of <c>train</c> that are not argument handling: reading an export's rows through the existing readers
/// (CSV and JSON Lines through <see cref="TrainingData"/>, Parquet through <see cref="ParquetTrainingReader"/>), checking
/// its manifest's contract, and writing the model file atomically.
/// </summary>
internal static class ModelTraining
{
    /// <summary>
    /// Reads <paramref name="rowsFile"/> as rows of <paramref name="transform"/>'s contract. When the export's manifest
    /// (<c>FILE.manifest.json</c>) lies beside it, its contract must be the transform's: another fingerprint is refused
    /// naming both. Without a manifest a CSV or JSON Lines file is checked by the readers only (columns, kinds,
    /// vocabularies, ranges, missing-value rules); a Parquet file also by the fingerprint in its metadata.
    /// </summary>
    /// <exception cref="UnusableInputException">The manifest names another contract, or cannot be read.</exception>
    /// <exception cref="InvalidDataException">A reader refused the file; the message names the line (or row) and column.</exception>
    public static TrainingInput Read(FileInfo rowsFile, string format, Transform transform, FeatureVectorizer vectorizer)
    {
        var notes = new List<string>();
        string sha256 = Sha256Of(rowsFile.FullName);
        string? snapshot = null;
        var manifestFile = new FileInfo(rowsFile.FullName + ".manifest.json");
        if (manifestFile.Exists)
        {
            ExportManifest manifest;
            try
            {
                manifest = ExportManifest.FromJson(StrictUtf8.ReadFile(manifestFile.FullName));
            }
            catch (InvalidDataException e)
            {
                throw new UnusableInputException($"{manifestFile.Name}: {e.Message}");
            }

            if (!string.Equals(manifest.Contract.Fingerprint, transform.Contract.Fingerprint, StringComparison.Ordinal))
            {
                throw new UnusableInputException(
                    $"{rowsFile.Name} is an export of contract {manifest.Contract.Name} v{manifest.Contract.Version} (fingerprint {manifest.Contract.Fingerprint}) according to {manifestFile.Name}, "
                    + $"not of {transform.Contract.Name} v{transform.Contract.Version} (fingerprint {transform.Contract.Fingerprint}); give the matching --domain or --contract");
            }

            if (manifest.Outputs.Any(o => string.Equals(o.Sha256, sha256, StringComparison.Ordinal)))
            {
                snapshot = manifest.Snapshot;
            }
            else
            {
                notes.Add($"{manifestFile.Name} does not list the digest of {rowsFile.Name} (the file changed after the export); its snapshot is not recorded in the model");
            }
        }
        else
        {
            notes.Add(format == "parquet"
                ? $"no manifest beside {rowsFile.Name}; its contract was checked by its Parquet metadata, columns and values"
                : $"no manifest beside {rowsFile.Name}; it was checked against contract {transform.Contract.Name} v{transform.Contract.Version} by its columns and values only");
        }

        string entityKey = transform.Domain.Entity.Key;
        TrainingSet rows = format switch
        {
            "parquet" => TrainingData.FromRecords(ParquetTrainingReader.Read(rowsFile.FullName, RowLayout.For(transform)), vectorizer, sha256),
            "jsonl" => TrainingData.ReadJsonLines(rowsFile.FullName, transform.Contract, vectorizer, entityKey),
            _ => TrainingData.ReadCsv(rowsFile.FullName, transform.Contract, vectorizer, entityKey),
        };
        return new TrainingInput(rows, snapshot, notes);
    }

    /// <summary>The number of positive rows.</summary>
    public static long Positives(TrainingSet rows) => rows.Examples.LongCount(e => e.Label);

    /// <summary>Writes the model's canonical JSON to <paramref name="path"/> so that the file appears only when complete.</summary>
    public static void Write(LogisticRegressionModel model, string path)
    {
        using AtomicFile file = AtomicFile.Create(path);
        file.Stream.Write(Encoding.UTF8.GetBytes(model.ToJson()));
        file.Commit();
    }

    /// <summary>An invariant-culture line of the summary.</summary>
    public static string Line(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Sha256Of(string path)
    {
        using FileStream file = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }
}
