using System.IO;
using System.Linq;
using System.Text.Json;
using FeatureContracts.CardFraud;
using FeatureContracts.CardFraud.Events;
using FeatureContracts.Export.Events;

namespace FeatureContracts.Cli.Tests;

/// <summary>The tool serves the card-fraud domain with the same commands: <c>--domain card-fraud</c>.</summary>
public sealed class CardFraudDomainTests : CliTestBase
{
    private readonly string _events;

    public CardFraudDomainTests()
    {
        _events = PathOf("payments.jsonl");
        using FileStream file = File.Create(_events);
        using var writer = new EventLogWriter(CardFraudDomain.Instance.Schema, file);
        writer.Write(new MerchantRiskScored("M-1", 0.4, At("2026-03-01T00:00:00Z")));
        writer.Write(new AuthorizationRequested("A-1", "C-1", "M-1", At("2026-03-01T08:00:00Z"), 25, "USD", "US", true, eventId: "A-1"));
        writer.Write(new AuthorizationRequested("A-2", "C-1", "M-1", At("2026-03-01T10:00:00Z"), 900, "USD", "NG", false, eventId: "A-2"));
        writer.Write(new ChargebackFiled("A-2", At("2026-03-20T00:00:00Z"), eventId: "cb-A-2"));
        writer.Write(new AuthorizationRequested("A-3", "C-2", "M-1", At("2026-03-02T10:00:00Z"), 40, "USD", "GB", true, eventId: "A-3"));
    }

    [Fact]
    public void Row_builds_an_authorizations_row_from_its_card_and_merchant_histories()
    {
        CliRun run = Run("row", "--domain", "card-fraud", "--events", _events, "--entity", "A-2", "--at", "2026-03-01T10:00:00Z");

        run.ExitCode.Should().Be(0, run.ToString());
        using JsonDocument document = JsonDocument.Parse(run.Output);
        JsonElement root = document.RootElement;
        root.GetProperty("authorization_id").GetString().Should().Be("A-2");
        root.GetProperty("status").GetString().Should().Be("accepted");
        JsonElement values = root.GetProperty("values");
        values.GetProperty("amount").GetDouble().Should().Be(900);
        values.GetProperty("hours_since_previous_authorization").GetDouble().Should().Be(2);
        values.GetProperty("authorizations_on_card_24h").GetDouble().Should().Be(2);
        values.GetProperty("merchant_risk").GetDouble().Should().Be(0.4);
        values.GetProperty("country").GetString().Should().Be("other");
    }

    [Fact]
    public void Row_refuses_a_prediction_after_the_chargeback_was_recorded_as_leakage()
    {
        CliRun run = Run("row", "--domain", "card-fraud", "--events", _events, "--entity", "A-2", "--at", "2026-03-21T00:00:00Z");

        using JsonDocument document = JsonDocument.Parse(run.Output);
        JsonElement rejection = document.RootElement.GetProperty("rejections").EnumerateArray().Should().ContainSingle().Subject;
        rejection.GetProperty("code").GetString().Should().Be("outcome_already_known");
        rejection.GetProperty("feature").GetString().Should().Be("chargeback_within_60d");
    }

    [Fact]
    public void Export_writes_authorization_rows_with_the_domains_entity_column_and_label_classes()
    {
        string output = PathOf("rows.csv");
        CliRun run = Run("export", "--domain", "card-fraud", "--events", _events, "--schedule", "0m", "--out", output, "--snapshot", "2026-06-01T00:00:00Z");

        run.ExitCode.Should().Be(0, run.ToString());
        string[] lines = File.ReadAllLines(output);
        lines[0].Should().StartWith("authorization_id,prediction_time,amount,");
        lines.Skip(1).Select(l => l.Split(',')[0]).Should().BeEquivalentTo("A-1", "A-2", "A-3");
        lines.Single(l => l.StartsWith("A-2,", System.StringComparison.Ordinal)).Should().EndWith(",1");
        string manifest = File.ReadAllText(output + ".manifest.json");
        manifest.Should().Contain("\"chargeback\": 1").And.Contain("\"no_chargeback\": 2").And.Contain("\"name\": \"card_fraud\"");
    }

    [Fact]
    public void Export_reads_points_named_by_the_domains_entity_key()
    {
        string points = PathOf("points.csv");
        File.WriteAllText(points, "authorization_id,prediction_time\nA-3,2026-03-02T10:00:00Z\n");
        string output = PathOf("points-rows.csv");

        CliRun run = Run("export", "--domain", "card-fraud", "--events", _events, "--points", points, "--out", output, "--snapshot", "2026-06-01T00:00:00Z");

        run.ExitCode.Should().Be(0, run.ToString());
        File.ReadAllLines(output).Should().HaveCount(2).And.Contain(l => l.StartsWith("A-3,2026-03-02T10:00:00Z,40,", System.StringComparison.Ordinal));
    }

    [Fact]
    public void Contract_show_prints_the_card_fraud_contract()
    {
        CliRun run = Run("contract", "show", "--domain", "card-fraud");

        run.ExitCode.Should().Be(0, run.ToString());
        using JsonDocument document = JsonDocument.Parse(run.Output);
        document.RootElement.GetProperty("name").GetString().Should().Be("card_fraud");
    }

    [Fact]
    public void An_unknown_domain_is_refused_naming_the_known_ones()
    {
        CliRun run = Run("contract", "show", "--domain", "weather");

        run.ExitCode.Should().NotBe(0);
        (run.Output + run.Error).Should().Contain("card-fraud").And.Contain("shipments");
    }
}
