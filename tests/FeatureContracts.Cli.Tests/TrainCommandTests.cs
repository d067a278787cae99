using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using FeatureContracts.CardFraud;
using FeatureContracts.Models;
using FeatureContracts.Shipments.Contract;

namespace FeatureContracts.Cli.Tests;

/// <summary><c>featurecontracts train</c>: export → train → score closes from the command line.</summary>
public sealed partial class TrainCommandTests : CliTestBase
{
    private const string TestFrom = "2026-05-04T00:00:00Z";
    private readonly GeneratedLog _log;
    private readonly string _points;

    public TrainCommandTests()
    {
        _log = TestLogs.WriteShipments(PathOf("events.jsonl"), orders: 240);
        _points = TestLogs.WritePointsCsv(PathOf("points.csv"), TestLogs.Points(_log));
    }

    private string Export(string name)
    {
        CliRun run = Run("export", "--events", _log.Path, "--points", _points, "--out", PathOf(name), "--snapshot", TestLogs.SnapshotText);
        run.ExitCode.Should().Be(0, run.ToString());
        return PathOf(name);
    }

    private static CliRun TrainOk(params string[] args)
    {
        CliRun run = Run(["train", .. args]);
        run.ExitCode.Should().Be(0, run.ToString());
        return run;
    }

    private static LogisticRegressionModel ModelAt(string path) => LogisticRegressionModel.FromJson(File.ReadAllText(path));

    [GeneratedRegex(@"AUC (\d\.\d{4})")]
    private static partial Regex AucPattern();

    [Fact]
    public void Export_then_train_on_the_csv_then_score_with_the_trained_model_closes_the_loop()
    {
        string rows = Export("rows.csv");
        string model = PathOf("model.json");

        CliRun train = TrainOk("--rows", rows, "--out", model, "--test-from", TestFrom);

        // The expected counts come from the CSV itself, read as text: rows before the boundary train, the rest test.
        var (header, records) = RowFiles.ReadCsv(rows);
        int time = Array.IndexOf(header, "prediction_time");
        int label = Array.IndexOf(header, "label");
        var before = records.Where(r => TestLogs.At(r[time]) < TestLogs.At(TestFrom)).ToList();
        var after = records.Where(r => TestLogs.At(r[time]) >= TestLogs.At(TestFrom)).ToList();
        before.Should().NotBeEmpty();
        after.Should().NotBeEmpty();

        LogisticRegressionModel trained = ModelAt(model);
        trained.Contract.Should().Be(new ModelContract(LateDeliveryContract.Name, 1, LateDeliveryContract.V1.Fingerprint));
        trained.Training.Rows.Should().Be(before.Count);
        trained.Training.PositiveRows.Should().Be(before.Count(r => r[label] == "1"));
        trained.Training.DataSnapshot.Should().Be(TestLogs.SnapshotText, "the manifest beside the rows lists their digest, so its snapshot is recorded");
        trained.Training.DataSha256.Should().Be(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(rows))));
        train.Output.Should().Contain($"on {before.Count} rows of rows.csv, {before.Count(r => r[label] == "1")} positive")
            .And.Contain($"test: {after.Count} rows from {TestFrom}, {after.Count(r => r[label] == "1")} positive")
            .And.Contain(trained.ModelId);
        double auc = double.Parse(AucPattern().Match(train.Output).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        auc.Should().BeGreaterThan(0.6, "lateness in the generated log follows distance and backlog, which the model sees");
        train.Error.Should().BeEmpty();

        CliRun score = Run("score", "--events", _log.Path, "--model", model, "--order", "O-204", "--at", "2026-05-01T09:00:00Z");

        score.ExitCode.Should().Be(0, score.ToString());
        using JsonDocument document = JsonDocument.Parse(score.Output);
        document.RootElement.GetProperty("scored").GetBoolean().Should().BeTrue();
        document.RootElement.GetProperty("model_id").GetString().Should().Be(trained.ModelId);
        document.RootElement.GetProperty("score").GetDouble().Should().BeInRange(0, 1).And.NotBe(0.5);
    }

    [Fact]
    public void Training_on_the_parquet_export_gives_the_csv_models_parameters_bit_for_bit_and_scores()
    {
        string csv = Export("rows.csv");
        string parquet = Export("rows.parquet");

        TrainOk("--rows", csv, "--out", PathOf("csv-model.json"));
        CliRun train = TrainOk("--rows", parquet, "--out", PathOf("parquet-model.json"));

        // The same rows are the same vectors whatever the format, so only the recorded file digest may differ.
        LogisticRegressionModel fromCsv = ModelAt(PathOf("csv-model.json"));
        LogisticRegressionModel fromParquet = ModelAt(PathOf("parquet-model.json"));
        fromParquet.Slots.Should().Equal(fromCsv.Slots);
        fromParquet.Intercept.Should().Be(fromCsv.Intercept);
        fromParquet.Training.Should().Be(fromCsv.Training with { DataSha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(parquet))) });
        train.Output.Should().NotContain("test:");

        CliRun score = Run("score", "--events", _log.Path, "--model", PathOf("parquet-model.json"), "--order", "O-204", "--at", "2026-05-01T09:00:00Z");
        score.ExitCode.Should().Be(0, score.ToString());
        using JsonDocument document = JsonDocument.Parse(score.Output);
        document.RootElement.GetProperty("model_id").GetString().Should().Be(fromParquet.ModelId);
    }

    [Fact]
    public void The_same_rows_and_options_give_the_same_model_bytes_and_no_temporary_file_is_left()
    {
        string rows = Export("rows.jsonl");

        TrainOk("--rows", rows, "--out", PathOf("a.json"), "--test-from", TestFrom, "--epochs", "50", "--l2", "0.01");
        TrainOk("--rows", rows, "--out", PathOf("b.json"), "--test-from", TestFrom, "--epochs", "50", "--l2", "0.01");

        File.ReadAllBytes(PathOf("b.json")).Should().Equal(File.ReadAllBytes(PathOf("a.json")));
        LogisticRegressionModel model = ModelAt(PathOf("a.json"));
        model.Training.Epochs.Should().Be(50);
        model.Training.L2.Should().Be(0.01);
        Directory.GetFiles(Folder).Select(Path.GetFileName).Should().NotContain(f => f!.EndsWith(".incomplete", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("rows.csv")]
    [InlineData("rows.parquet")]
    public void Rows_of_the_other_domain_are_refused_naming_both_contracts_and_no_model_is_written(string name)
    {
        string rows = Export(name);

        CliRun run = Run("train", "--rows", rows, "--out", PathOf("model.json"), "--domain", "card-fraud");

        run.ExitCode.Should().Be(3, run.ToString());
        run.Error.Should().Contain(LateDeliveryContract.V1.Fingerprint).And.Contain(CardFraudTransform.V1.Contract.Fingerprint);
        File.Exists(PathOf("model.json")).Should().BeFalse();
    }

    [Fact]
    public void Parquet_rows_of_the_other_domain_without_a_manifest_are_refused_by_their_metadata_naming_both_contracts()
    {
        string rows = Export("rows.parquet");
        File.Delete(rows + ".manifest.json");

        CliRun run = Run("train", "--rows", rows, "--out", PathOf("model.json"), "--domain", "card-fraud");

        run.ExitCode.Should().Be(3, run.ToString());
        run.Error.Should().Contain(LateDeliveryContract.V1.Fingerprint).And.Contain(CardFraudTransform.V1.Contract.Fingerprint);
    }

    [Fact]
    public void Csv_rows_of_the_other_domain_without_a_manifest_are_refused_by_their_header()
    {
        string rows = Export("rows.csv");
        File.Delete(rows + ".manifest.json");

        CliRun run = Run("train", "--rows", rows, "--out", PathOf("model.json"), "--domain", "card-fraud");

        run.ExitCode.Should().Be(3, run.ToString());
        run.Error.Should().Contain("rows.csv, line 1");
        File.Exists(PathOf("model.json")).Should().BeFalse();
    }

    [Fact]
    public void Training_without_a_manifest_says_how_the_rows_were_checked_and_records_no_snapshot()
    {
        string rows = Export("rows.csv");
        File.Delete(rows + ".manifest.json");

        CliRun run = TrainOk("--rows", rows, "--out", PathOf("model.json"));

        run.Error.Should().Contain("note: no manifest beside rows.csv");
        ModelAt(PathOf("model.json")).Training.DataSnapshot.Should().BeNull();
    }

    [Fact]
    public void A_missing_rows_file_is_unusable_input()
    {
        CliRun run = Run("train", "--rows", PathOf("absent.csv"), "--out", PathOf("model.json"));

        run.ExitCode.Should().Be(3, run.ToString());
        run.Error.Should().Contain("file not found").And.Contain("absent.csv");
    }

    [Theory]
    [InlineData("--test-from", "2026-05-04T00:00:00")]
    [InlineData("--test-from", "tomorrow")]
    [InlineData("--epochs", "0")]
    [InlineData("--learning-rate", "-1")]
    public void A_bad_option_value_is_a_bad_argument_naming_the_option(string option, string value)
    {
        string rows = Export("rows.csv");

        CliRun run = Run("train", "--rows", rows, "--out", PathOf("model.json"), option, value);

        run.ExitCode.Should().Be(1, run.ToString());
        run.Error.Should().Contain(option);
        File.Exists(PathOf("model.json")).Should().BeFalse();
    }

    [Fact]
    public void A_test_from_instant_that_leaves_no_test_rows_is_refused_as_unusable_input()
    {
        string rows = Export("rows.csv");

        CliRun run = Run("train", "--rows", rows, "--out", PathOf("model.json"), "--test-from", "2030-01-01T00:00:00Z");

        run.ExitCode.Should().Be(3, run.ToString());
        run.Error.Should().Contain("leaves 0 rows").And.Contain("AUC needs both classes");
        File.Exists(PathOf("model.json")).Should().BeFalse();
    }
}
