using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FeatureContracts.Cli.Tests;

/// <summary><c>featurecontracts diff OLD NEW</c> over the <c>contract show</c> output and edits of it.</summary>
public sealed class DiffCommandTests : CliTestBase
{
    /// <summary>The <c>contract show</c> output of the domain, edited, written to a file.</summary>
    private string WriteContract(string name, Action<JsonNode> edit, string domain = "shipments")
    {
        CliRun show = Run("contract", "show", "--domain", domain);
        show.ExitCode.Should().Be(0, show.ToString());
        JsonNode root = JsonNode.Parse(show.Output)!;
        edit(root);
        string path = PathOf(name);
        File.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    private string WriteV1(string domain = "shipments") => WriteContract($"v1-{domain}.json", _ => { }, domain);

    private static string[] Lines(CliRun run) => run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Identical_contracts_exit_0_with_no_changes()
    {
        string v1 = WriteV1();

        CliRun run = Run("diff", v1, v1);

        run.ExitCode.Should().Be(0, run.ToString());
        Lines(run).Should().ContainSingle().Which.Should().StartWith("late_delivery v1 -> v1: 0 change(s), 0 breaking; fingerprint unchanged (").And.EndWith("; no changes");
    }

    [Fact]
    public void A_changed_monitor_threshold_is_compatible_and_exits_0_without_a_version_bump()
    {
        string v1 = WriteV1();
        string edited = WriteContract("monitor.json", root => root["features"]![0]!["monitors"]!["max_null_rate"] = 0.02);

        CliRun run = Run("diff", v1, edited);

        run.ExitCode.Should().Be(0, run.ToString());
        Lines(run).Should().HaveCount(2);
        Lines(run)[0].Should().StartWith("compatible  distance_km  monitors  max_null_rate 0.01 -> max_null_rate 0.02  monitor thresholds are operations");
        Lines(run)[1].Should().Contain("1 change(s), 0 breaking; fingerprint unchanged").And.EndWith("compatible: a model trained on the old rows keeps working");
    }

    [Fact]
    public void A_breaking_change_without_a_version_bump_exits_4()
    {
        string v1 = WriteV1();
        string edited = WriteContract("two-hours.json", root => root["features"]![2]!["max_age"] = "0:02:00:00");

        CliRun run = Run("diff", v1, edited);

        run.ExitCode.Should().Be(ExitCodes.BreakingWithoutVersionBump, run.ToString());
        run.ExitCode.Should().Be(4);
        Lines(run)[0].Should().Be(
            "BREAKING    origin_backlog  max age  PT6H -> PT2H  values between PT2H and PT6H old, which the model saw as present, are now missing");
        Lines(run)[1].Should().StartWith("late_delivery v1 -> v1: 1 change(s), 1 breaking; fingerprint ")
            .And.EndWith("breaking without a version bump: give the new contract a version above 1");
    }

    [Fact]
    public void A_breaking_change_with_a_version_bump_exits_0()
    {
        string v1 = WriteV1();
        string v2 = WriteContract("v2.json", root =>
        {
            root["version"] = 2;
            JsonArray carriers = root["features"]![3]!["vocabulary"]!.AsArray();
            carriers.Add("dhl");
        });

        CliRun run = Run("diff", v1, v2);

        run.ExitCode.Should().Be(0, run.ToString());
        Lines(run)[0].Should().StartWith("BREAKING    carrier  vocabulary  none -> dhl  a new one-hot slot: rows with 'dhl', which mapped to the 'other' bucket before");
        Lines(run)[1].Should().StartWith("late_delivery v1 -> v2: 1 change(s), 1 breaking").And.EndWith("breaking, with a version bump: retrain the model on rows of the new version");
    }

    [Fact]
    public void A_removed_feature_and_a_narrowed_range_are_each_listed()
    {
        string v1 = WriteV1();
        string edited = WriteContract("edited.json", root =>
        {
            root["features"]![0]!["range"]!["max"] = 10000;
            root["features"]!.AsArray().RemoveAt(4);
        });

        CliRun run = Run("diff", v1, edited);

        run.ExitCode.Should().Be(4, run.ToString());
        Lines(run).Should().HaveCount(3);
        Lines(run)[0].Should().StartWith("BREAKING    distance_km  range  [0.1, 20000] reject -> [0.1, 10000] reject  values between the new and the old bounds used to pass and now reject the row");
        Lines(run)[1].Should().StartWith("BREAKING    expedited  feature removed  boolean from order_expedited -> none");
    }

    [Fact]
    public void The_card_fraud_domain_reads_its_own_contract_files()
    {
        string v1 = WriteV1("card-fraud");
        string edited = WriteContract("fraud-edited.json", root => root["description"] = "edited", "card-fraud");

        CliRun run = Run("diff", v1, edited, "--domain", "card-fraud");

        run.ExitCode.Should().Be(0, run.ToString());
        Lines(run)[0].Should().StartWith("compatible  (contract)  description  ");
        Lines(run)[1].Should().StartWith("card_fraud v1 -> v1: 1 change(s), 0 breaking");
    }

    [Fact]
    public void A_bad_contract_file_exits_3_naming_the_file_and_the_json_path_of_each_problem()
    {
        string v1 = WriteV1();
        string bad = WriteContract("bad.json", root => root["features"]![0]!["range"]!["min"] = 50000);

        CliRun run = Run("diff", v1, bad);

        run.ExitCode.Should().Be(3, run.ToString());
        run.Error.Should().Contain("bad.json").And.Contain("$.features[0].range").And.Contain("MinGreaterThanMax");
        run.Output.Should().BeEmpty();
    }

    [Fact]
    public void A_missing_file_exits_3()
    {
        CliRun run = Run("diff", WriteV1(), PathOf("absent.json"));

        run.ExitCode.Should().Be(3, run.ToString());
        run.Error.Should().Contain("file not found").And.Contain("absent.json");
    }

    [Fact]
    public void Two_different_contracts_exit_3()
    {
        string v1 = WriteV1();
        string renamed = WriteContract("renamed.json", root => root["name"] = "late_delivery_eu");

        CliRun run = Run("diff", v1, renamed);

        run.ExitCode.Should().Be(3, run.ToString());
        run.Error.Should().Contain("'late_delivery' and 'late_delivery_eu' are different contracts");
    }

    [Fact]
    public void A_missing_argument_exits_1()
    {
        CliRun run = Run("diff", WriteV1());

        run.ExitCode.Should().Be(1, run.ToString());
    }

    [Fact]
    public void A_contract_of_another_domain_is_unreadable_and_exits_3()
    {
        string fraud = WriteV1("card-fraud");

        CliRun run = Run("diff", WriteV1(), fraud);

        run.ExitCode.Should().Be(3, run.ToString());
        run.Error.Should().Contain("v1-card-fraud.json").And.Contain("UnknownSource");
    }
}
