using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using FeatureContracts.Models;
using FeatureContracts.Shipments.Contract;
using FeatureContracts.Vectors;

namespace FeatureContracts.Cli.Tests;

/// <summary><c>featurecontracts score</c>: one order scored through the online scorer.</summary>
public sealed class ScoreCommandTests : CliTestBase
{
    private readonly string _events;

    public ScoreCommandTests() => _events = TestLogs.WriteO204Log(PathOf("o204.jsonl"));

    /// <summary>A model whose logit is -1 + 0.001 * distance_km (no standardization), written by hand.</summary>
    private string WriteModel(string fingerprint)
    {
        FeatureVectorizer vectorizer = LateDeliveryContract.Vectorizer();
        var slots = vectorizer.Slots.Select(s => new ModelSlot(s.Name, 0, 1, s.Name == "distance_km" ? 0.001 : 0));
        var model = new LogisticRegressionModel(
            new ModelContract(LateDeliveryContract.Name, 1, fingerprint), slots, -1, new TrainingMetadata(1, 0, 1, 0.1, 0, 0.7, null, null));
        string path = PathOf("model.json");
        File.WriteAllText(path, model.ToJson());
        return path;
    }

    [Fact]
    public void O204_at_nine_is_scored_with_its_row_and_the_models_identity()
    {
        string model = WriteModel(LateDeliveryContract.V1.Fingerprint);

        CliRun run = Run("score", "--events", _events, "--model", model, "--order", "O-204", "--at", "2026-05-01T09:00:00Z");

        run.ExitCode.Should().Be(0, run.ToString());
        using JsonDocument document = JsonDocument.Parse(run.Output);
        JsonElement root = document.RootElement;
        root.GetProperty("scored").GetBoolean().Should().BeTrue();
        // 1 / (1 + e^0.38), computed independently.
        root.GetProperty("score").GetDouble().Should().BeApproximately(0.4061268970658573, 1e-12);
        root.GetProperty("model_id").GetString().Should().StartWith("logistic_regression:");
        root.GetProperty("contract_fingerprint").GetString().Should().Be(LateDeliveryContract.V1.Fingerprint);
        root.GetProperty("row").GetProperty("values").GetProperty("hours_since_last_scan").GetDouble().Should().Be(8);
        root.GetProperty("reasons").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public void A_point_after_the_outcome_was_known_is_not_scored_and_says_why()
    {
        string model = WriteModel(LateDeliveryContract.V1.Fingerprint);

        CliRun run = Run("score", "--events", _events, "--model", model, "--order", "O-204", "--at", "2026-05-04T00:00:00Z");

        run.ExitCode.Should().Be(0, run.ToString());
        using JsonDocument document = JsonDocument.Parse(run.Output);
        document.RootElement.GetProperty("scored").GetBoolean().Should().BeFalse();
        document.RootElement.GetProperty("score").ValueKind.Should().Be(JsonValueKind.Null);
        document.RootElement.GetProperty("reasons")[0].GetProperty("code").GetString().Should().Be("outcome_already_known");
    }

    [Fact]
    public void A_model_trained_on_another_contract_is_refused_naming_both_fingerprints()
    {
        string other = new string('a', 64);
        string model = WriteModel(other);

        CliRun run = Run("score", "--events", _events, "--model", model, "--order", "O-204", "--at", "2026-05-01T09:00:00Z");

        run.ExitCode.Should().Be(3, run.ToString());
        run.Error.Should().Contain(other).And.Contain(LateDeliveryContract.V1.Fingerprint);
    }

    [Fact]
    public void A_malformed_model_file_is_refused_as_unusable_input()
    {
        File.WriteAllText(PathOf("model.json"), "{ \"format_version\": 1 ");

        CliRun run = Run("score", "--events", _events, "--model", PathOf("model.json"), "--order", "O-204", "--at", "2026-05-01T09:00:00Z");

        run.ExitCode.Should().Be(3, run.ToString());
        run.Error.Should().Contain("error:");
    }

    [Fact]
    public void Without_at_the_injected_clock_gives_the_instant()
    {
        string model = WriteModel(LateDeliveryContract.V1.Fingerprint);

        CliRun run = Run("score", "--events", _events, "--model", model, "--order", "O-204");

        run.ExitCode.Should().Be(0, run.ToString());
        using JsonDocument document = JsonDocument.Parse(run.Output);
        document.RootElement.GetProperty("prediction_time").GetString().Should().Be("2026-06-01T12:00:00Z");
    }
}
