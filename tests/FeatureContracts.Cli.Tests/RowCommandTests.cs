using System.IO;
using System.Linq;
using System.Text.Json;
using FeatureContracts.Shipments.Contract;

namespace FeatureContracts.Cli.Tests;

/// <summary><c>featurecontracts row</c>: one order's row, or its rejection, as the scorer would see it.</summary>
public sealed class RowCommandTests : CliTestBase
{
    private readonly string _events;

    public RowCommandTests() => _events = TestLogs.WriteO204Log(PathOf("o204.jsonl"));

    private static JsonDocument RowJsonOf(CliRun run)
    {
        run.ExitCode.Should().Be(0, run.ToString());
        return JsonDocument.Parse(run.Output);
    }

    [Fact]
    public void O204_at_nine_prints_the_worked_case_of_the_brief_as_an_accepted_row()
    {
        using JsonDocument document = RowJsonOf(Run("row", "--events", _events, "--order", "O-204", "--at", "2026-05-01T09:00:00Z"));
        JsonElement root = document.RootElement;

        root.GetProperty("order_id").GetString().Should().Be("O-204");
        root.GetProperty("prediction_time").GetString().Should().Be("2026-05-01T09:00:00Z");
        root.GetProperty("status").GetString().Should().Be("accepted");
        JsonElement values = root.GetProperty("values");
        values.GetProperty("distance_km").GetDouble().Should().Be(620);
        values.GetProperty("hours_since_last_scan").GetDouble().Should().Be(8);
        values.GetProperty("origin_backlog").GetDouble().Should().Be(18);
        values.GetProperty("carrier").GetString().Should().Be("northline");
        values.GetProperty("expedited").GetBoolean().Should().BeFalse();
        values.GetProperty("origin_backlog_missing").GetDouble().Should().Be(0);
        values.EnumerateObject().Select(p => p.Name).Should().Equal(
            "distance_km", "hours_since_last_scan", "origin_backlog", "carrier", "expedited", "origin_backlog_missing");
    }

    [Fact]
    public void The_row_names_the_built_in_contract_and_holds_no_outcome_field()
    {
        CliRun run = Run("row", "--events", _events, "--order", "O-204", "--at", "2026-05-01T09:00:00Z");
        using JsonDocument document = RowJsonOf(run);
        JsonElement contract = document.RootElement.GetProperty("contract");

        contract.GetProperty("name").GetString().Should().Be("late_delivery");
        contract.GetProperty("version").GetInt32().Should().Be(1);
        contract.GetProperty("fingerprint").GetString().Should().Be(LateDeliveryContract.V1.Fingerprint);
        run.Output.Should().NotContain("delivered_after_promise").And.NotContain("complaint").And.NotContain("\"delivered\"");
    }

    [Fact]
    public void The_backlog_cell_shows_its_freshness_lag_and_the_measurement_it_came_from()
    {
        using JsonDocument document = RowJsonOf(Run("row", "--events", _events, "--order", "O-204", "--at", "2026-05-01T09:00:00Z"));
        JsonElement backlog = document.RootElement.GetProperty("cells").EnumerateArray()
            .Single(c => c.GetProperty("feature").GetString() == "origin_backlog");

        backlog.GetProperty("freshness_lag").GetString().Should().Be("PT1H30M");
        backlog.GetProperty("notes").EnumerateArray().Should().BeEmpty();
        JsonElement source = backlog.GetProperty("lineage").EnumerateArray().Should().ContainSingle().Subject;
        source.GetProperty("event_id").GetString().Should().Be("ham-0730");
        source.GetProperty("occurred_at").GetString().Should().Be("2026-05-01T07:30:00Z");
    }

    [Fact]
    public void A_prediction_after_the_delivery_was_recorded_prints_a_rejection_outcome_already_known()
    {
        using JsonDocument document = RowJsonOf(Run("row", "--events", _events, "--order", "O-204", "--at", "2026-05-03T15:00:00Z"));
        JsonElement root = document.RootElement;

        root.GetProperty("status").GetString().Should().Be("rejected");
        root.TryGetProperty("values", out _).Should().BeFalse();
        JsonElement rejection = root.GetProperty("rejections").EnumerateArray().Should().ContainSingle().Subject;
        rejection.GetProperty("code").GetString().Should().Be("outcome_already_known");
        rejection.GetProperty("feature").GetString().Should().Be("delivered_after_promise");
    }

    [Fact]
    public void An_unknown_order_prints_a_rejection_entity_not_known()
    {
        using JsonDocument document = RowJsonOf(Run("row", "--events", _events, "--order", "O-999", "--at", "2026-05-01T09:00:00Z"));
        JsonElement root = document.RootElement;

        root.GetProperty("order_id").GetString().Should().Be("O-999");
        root.GetProperty("status").GetString().Should().Be("rejected");
        JsonElement rejection = root.GetProperty("rejections").EnumerateArray().Should().ContainSingle().Subject;
        rejection.GetProperty("code").GetString().Should().Be("entity_not_known");
        rejection.GetProperty("feature").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public void An_order_placed_after_the_instant_is_not_known_yet()
    {
        using JsonDocument document = RowJsonOf(Run("row", "--events", _events, "--order", "O-204", "--at", "2026-04-30T15:59:59Z"));

        document.RootElement.GetProperty("rejections")[0].GetProperty("code").GetString().Should().Be("entity_not_known");
    }

    [Fact]
    public void At_with_an_offset_is_the_same_instant_in_utc()
    {
        using JsonDocument document = RowJsonOf(Run("row", "--events", _events, "--order", "O-204", "--at", "2026-05-01T11:00:00+02:00"));

        document.RootElement.GetProperty("prediction_time").GetString().Should().Be("2026-05-01T09:00:00Z");
        document.RootElement.GetProperty("values").GetProperty("hours_since_last_scan").GetDouble().Should().Be(8);
    }

    [Fact]
    public void At_without_an_offset_exits_1_naming_at()
    {
        CliRun run = Run("row", "--events", _events, "--order", "O-204", "--at", "2026-05-01T09:00:00");

        run.ExitCode.Should().Be(1, run.ToString());
        run.Error.Should().Contain("--at");
        run.Output.Should().BeEmpty();
    }

    [Fact]
    public void A_missing_events_file_exits_3_with_file_not_found()
    {
        CliRun run = Run("row", "--events", PathOf("nope.jsonl"), "--order", "O-204", "--at", "2026-05-01T09:00:00Z");

        run.ExitCode.Should().Be(3, run.ToString());
        run.Error.Should().Contain("file not found");
    }

    [Fact]
    public void Malformed_lines_are_ignored_with_a_note_on_stderr()
    {
        File.AppendAllLines(_events, [TestLogs.Malformed[0], TestLogs.Malformed[3]]);

        CliRun run = Run("row", "--events", _events, "--order", "O-204", "--at", "2026-05-01T09:00:00Z");
        using JsonDocument document = RowJsonOf(run);

        document.RootElement.GetProperty("status").GetString().Should().Be("accepted");
        run.Error.Should().Contain("2 line(s)");
    }

    [Fact]
    public void An_instant_without_offset_is_refused_as_a_bad_argument_naming_the_text()
    {
        CliRun run = Run("row", "--events", _events, "--order", "O-204", "--at", "2026-05-01T09:00:00");

        run.ExitCode.Should().Be(1, run.ToString());
        run.Error.Should().StartWith("error: --at: ").And.Contain("2026-05-01T09:00:00").And.Contain("offset");
    }
}
