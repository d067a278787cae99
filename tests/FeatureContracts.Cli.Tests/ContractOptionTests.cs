using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using FeatureContracts.Export;
using FeatureContracts.Shipments.Contract;

namespace FeatureContracts.Cli.Tests;

/// <summary><c>featurecontracts contract show</c>, and <c>--contract FILE</c> on every command.</summary>
public sealed class ContractOptionTests : CliTestBase
{
    private static string GoldenPath()
        => Path.Combine(RepositoryRoot(), "tests", "FeatureContracts.Shipments.Tests", "Contract", "late_delivery_v1.json");

    /// <summary>The <c>contract show</c> output, edited.</summary>
    private string WriteEditedContract(string name, Action<JsonNode> edit)
    {
        CliRun show = Run("contract", "show");
        show.ExitCode.Should().Be(0, show.ToString());
        JsonNode root = JsonNode.Parse(show.Output)!;
        edit(root);
        string path = PathOf(name);
        File.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    private string WriteTwoHourBacklogContract() => WriteEditedContract("two-hours.json", root => root["features"]![2]!["max_age"] = "0:02:00:00");

    private string WriteBadContract() => WriteEditedContract("bad.json", root =>
    {
        root["features"]![0]!["range"]!["min"] = 50000;
        root["features"]![2]!["source"] = "no_such_source";
    });

    // ---- contract show --------------------------------------------------------------------------------------------

    [Fact]
    public void Contract_show_prints_exactly_the_committed_golden_file()
    {
        CliRun run = Run("contract", "show");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Error.Should().BeEmpty();
        run.Output.Should().Be(File.ReadAllText(GoldenPath()));
    }

    [Fact]
    public void Contract_show_with_a_contract_file_prints_that_contract()
    {
        string path = WriteTwoHourBacklogContract();

        CliRun run = Run("contract", "show", "--contract", path);

        run.ExitCode.Should().Be(0, run.ToString());
        JsonNode.Parse(run.Output)!["features"]![2]!["max_age"]!.GetValue<string>().Should().Be("0:02:00:00");
        LateDeliveryContract.FromJson(run.Output).Fingerprint.Should().Be(LateDeliveryContract.FromJson(File.ReadAllText(path)).Fingerprint);
    }

    // ---- a changed policy -----------------------------------------------------------------------------------------

    [Fact]
    public void Export_under_a_contract_file_with_a_2h_backlog_max_age_records_that_contracts_fingerprint()
    {
        string contract = WriteTwoHourBacklogContract();
        string fileFingerprint = LateDeliveryContract.FromJson(File.ReadAllText(contract)).Fingerprint;
        GeneratedLog log = TestLogs.WriteShipments(PathOf("events.jsonl"), orders: 120);
        string points = TestLogs.WritePointsCsv(PathOf("points.csv"), TestLogs.Points(log));

        CliRun builtIn = Run("export", "--events", log.Path, "--points", points, "--out", PathOf("v1.csv"), "--snapshot", TestLogs.SnapshotText);
        CliRun edited = Run("export", "--events", log.Path, "--points", points, "--out", PathOf("two-hours.csv"), "--snapshot", TestLogs.SnapshotText, "--contract", contract);

        builtIn.ExitCode.Should().Be(0, builtIn.ToString());
        edited.ExitCode.Should().Be(0, edited.ToString());
        ExportManifest v1 = ExportManifest.FromJson(File.ReadAllText(PathOf("v1.csv.manifest.json")));
        ExportManifest twoHours = ExportManifest.FromJson(File.ReadAllText(PathOf("two-hours.csv.manifest.json")));
        fileFingerprint.Should().NotBe(LateDeliveryContract.V1.Fingerprint);
        v1.Contract.Fingerprint.Should().Be(LateDeliveryContract.V1.Fingerprint);
        twoHours.Contract.Fingerprint.Should().Be(fileFingerprint).And.NotBe(v1.Contract.Fingerprint);

        // The shorter max age turns more backlog values into missing ones, never into zeros.
        int MissingBacklog(string file) => RowFiles.ReadCsv(PathOf(file)).Rows.Count(r => r[7] == "1");
        twoHours.Points.Exported.Should().Be(v1.Points.Exported);
        MissingBacklog("two-hours.csv").Should().BeGreaterThan(MissingBacklog("v1.csv"));
        RowFiles.ReadCsv(PathOf("two-hours.csv")).Rows.Where(r => r[7] == "1").Should().AllSatisfy(r => r[4].Should().BeEmpty());
    }

    [Fact]
    public void Row_under_a_contract_file_with_a_2h_backlog_max_age_treats_a_4h_old_backlog_as_missing()
    {
        string contract = WriteTwoHourBacklogContract();
        string events = TestLogs.WriteO204Log(PathOf("o204.jsonl"));
        string[] args = ["row", "--events", events, "--order", "O-204", "--at", "2026-05-01T07:00:00Z"];

        CliRun builtIn = Run(args);
        CliRun edited = Run([.. args, "--contract", contract]);

        builtIn.ExitCode.Should().Be(0, builtIn.ToString());
        edited.ExitCode.Should().Be(0, edited.ToString());
        using JsonDocument v1 = JsonDocument.Parse(builtIn.Output);
        using JsonDocument twoHours = JsonDocument.Parse(edited.Output);
        v1.RootElement.GetProperty("values").GetProperty("origin_backlog").GetDouble().Should().Be(25);
        v1.RootElement.GetProperty("values").GetProperty("origin_backlog_missing").GetDouble().Should().Be(0);
        twoHours.RootElement.GetProperty("values").GetProperty("origin_backlog").ValueKind.Should().Be(JsonValueKind.Null);
        twoHours.RootElement.GetProperty("values").GetProperty("origin_backlog_missing").GetDouble().Should().Be(1);
        twoHours.RootElement.GetProperty("contract").GetProperty("fingerprint").GetString()
            .Should().Be(LateDeliveryContract.FromJson(File.ReadAllText(contract)).Fingerprint);
    }

    // ---- a refused contract file ----------------------------------------------------------------------------------

    [Fact]
    public void A_bad_contract_file_exits_3_and_lists_every_problem_with_its_json_path()
    {
        string contract = WriteBadContract();
        GeneratedLog log = TestLogs.WriteShipments(PathOf("events.jsonl"), orders: 10);

        CliRun run = Run("export", "--events", log.Path, "--schedule", "2h", "--out", PathOf("rows.csv"), "--contract", contract);

        run.ExitCode.Should().Be(3, run.ToString());
        run.Error.Should().Contain("2 problem(s)");
        run.Error.Should().Contain("$.features[0].range: 'distance_km': MinGreaterThanMax");
        run.Error.Should().Contain("$.features[2].source: 'origin_backlog': UnknownSource").And.Contain("no_such_source");
        File.Exists(PathOf("rows.csv")).Should().BeFalse();
    }

    [Theory]
    [InlineData("row")]
    [InlineData("contract")]
    public void A_bad_contract_file_is_refused_by_every_command(string command)
    {
        string contract = WriteBadContract();
        string events = TestLogs.WriteO204Log(PathOf("o204.jsonl"));
        string[] args = command == "row"
            ? ["row", "--events", events, "--order", "O-204", "--at", "2026-05-01T09:00:00Z", "--contract", contract]
            : ["contract", "show", "--contract", contract];

        CliRun run = Run(args);

        run.ExitCode.Should().Be(3, run.ToString());
        run.Output.Should().BeEmpty();
        run.Error.Should().Contain("$.features[0].range").And.Contain("$.features[2].source");
    }

    [Fact]
    public void A_contract_file_that_is_not_json_exits_3()
    {
        File.WriteAllText(PathOf("broken.json"), "{ \"name\": ");

        CliRun run = Run("contract", "show", "--contract", PathOf("broken.json"));

        run.ExitCode.Should().Be(3, run.ToString());
        run.Error.Should().StartWith("error: ");
    }

    [Fact]
    public void A_missing_contract_file_exits_3_with_file_not_found()
    {
        CliRun run = Run("contract", "show", "--contract", PathOf("nope.json"));

        run.ExitCode.Should().Be(3, run.ToString());
        run.Error.Should().Contain("file not found");
    }
}
