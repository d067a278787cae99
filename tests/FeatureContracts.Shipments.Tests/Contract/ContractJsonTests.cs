using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using FeatureContracts.Contracts;
using FeatureContracts.Rows;
using FeatureContracts.Serialization;
using FeatureContracts.Shipments.Contract;
using FeatureContracts.Shipments.Histories;
using NodaTime;
using static FeatureContracts.Shipments.Tests.Builders;

namespace FeatureContracts.Shipments.Tests.Contract;

/// <summary>The late-delivery contract as JSON: the committed V1 file, round trips, edited policies, refused files.</summary>
public sealed class ContractJsonTests
{
    private static readonly string V1Json = ContractJson.Write(LateDeliveryContract.V1);

    private static string GoldenPath()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "FeatureContracts.sln")))
        {
            directory = directory.Parent;
        }

        string root = directory?.FullName ?? throw new InvalidOperationException("FeatureContracts.sln not found above the test binaries.");
        return Path.Combine(root, "tests", "FeatureContracts.Shipments.Tests", "Contract", "late_delivery_v1.json");
    }

    private static ContractProblem[] ProblemsOf(string json)
    {
        Action read = () => LateDeliveryContract.FromJson(json);
        return [.. read.Should().Throw<ContractDefinitionException>().Which.Problems];
    }

    private static FeatureValue Indicator(FeatureRow row) => row.ColumnValues()[row.Schema.IndexOf("origin_backlog_missing")];

    private static string Edit(Action<JsonNode> edit)
    {
        JsonNode root = JsonNode.Parse(V1Json)!;
        edit(root);
        return root.ToJsonString();
    }

    // ---- the committed file -------------------------------------------------------------------------------------

    [Fact]
    public void V1_is_written_byte_for_byte_as_the_committed_golden_file()
    {
        byte[] golden = File.ReadAllBytes(GoldenPath());

        Encoding.UTF8.GetBytes(V1Json).Should().Equal(golden);
    }

    [Fact]
    public void The_golden_file_reads_back_as_V1()
    {
        FeatureContract<ShipmentView> read = LateDeliveryContract.FromJson(File.ReadAllText(GoldenPath()));

        read.Fingerprint.Should().Be(LateDeliveryContract.V1.Fingerprint);
        read.Name.Should().Be("late_delivery");
        read.Version.Should().Be(1);
    }

    [Fact]
    public void The_golden_file_reads_from_a_stream_with_the_shipment_catalog()
    {
        using FileStream stream = File.OpenRead(GoldenPath());

        ContractJson.Read(stream, ShipmentSources.Catalog).Fingerprint.Should().Be(LateDeliveryContract.V1.Fingerprint);
    }

    // ---- round trip ---------------------------------------------------------------------------------------------

    [Fact]
    public void Round_trip_of_V1_keeps_fingerprint_canonical_form_and_labels()
    {
        FeatureContract<ShipmentView> read = LateDeliveryContract.FromJson(V1Json);

        read.Fingerprint.Should().Be(LateDeliveryContract.V1.Fingerprint);
        read.CanonicalForm.Should().Be(LateDeliveryContract.V1.CanonicalForm);
        read.Name.Should().Be(LateDeliveryContract.V1.Name);
        read.Version.Should().Be(LateDeliveryContract.V1.Version);
        read.Description.Should().Be(LateDeliveryContract.V1.Description);
        read.Features.Select(f => f.Description).Should().Equal(LateDeliveryContract.V1.Features.Select(f => f.Description));
    }

    [Fact]
    public void Second_write_of_a_read_V1_is_byte_identical()
    {
        string second = ContractJson.Write(LateDeliveryContract.FromJson(V1Json));

        Encoding.UTF8.GetBytes(second).Should().Equal(Encoding.UTF8.GetBytes(V1Json));
    }

    [Fact]
    public void Sources_come_from_the_catalog_with_their_inputs()
    {
        FeatureContract<ShipmentView> read = LateDeliveryContract.FromJson(V1Json);

        read.Features.Select(f => f.SourceName).Should().Equal(
            "order_distance_km", "hours_since_last_scan", "origin_backlog_as_of", "order_carrier", "order_expedited");
        read["origin_backlog"].Inputs.Should().Equal(LateDeliveryContract.V1["origin_backlog"].Inputs);
        V1Json.Should().NotContain("queue_length", "inputs belong to the source in the catalog, not to the file");
    }

    [Fact]
    public void Read_V1_builds_the_O204_row_of_the_design_brief()
    {
        var transform = new ShipmentTransform(LateDeliveryContract.FromJson(V1Json));

        FeatureRow row = transform.BuildRow(O204History(), O204Backlog(), Nine).GetRowOrThrow();

        row.Should().Be(AcceptedRow(O204History(), O204Backlog(), Nine));
    }

    // ---- edited policies ----------------------------------------------------------------------------------------

    [Fact]
    public void Another_max_age_for_origin_backlog_changes_the_fingerprint_and_the_row()
    {
        string edited = V1Json.Replace("\"max_age\": \"0:06:00:00\"", "\"max_age\": \"0:02:00:00\"", StringComparison.Ordinal);
        edited.Should().NotBe(V1Json);
        FeatureContract<ShipmentView> twoHours = LateDeliveryContract.FromJson(edited);
        BacklogTimeline measuredThreeHoursBeforeT = Timeline(Backlog(18, "2026-05-01T06:00Z"));

        twoHours.Fingerprint.Should().NotBe(LateDeliveryContract.V1.Fingerprint);
        twoHours["origin_backlog"].MaxAge.Should().Be(Duration.FromHours(2));

        FeatureRow v1Row = ShipmentTransform.LateDeliveryV1.BuildRow(O204History(), measuredThreeHoursBeforeT, Nine).GetRowOrThrow();
        v1Row["origin_backlog"].Value.Should().Be(FeatureValue.Numeric(18));
        Indicator(v1Row).Should().Be(FeatureValue.Numeric(0));

        FeatureRow row = new ShipmentTransform(twoHours).BuildRow(O204History(), measuredThreeHoursBeforeT, Nine).GetRowOrThrow();
        row["origin_backlog"].IsMissing.Should().BeTrue();
        row["origin_backlog"].Notes.Should().Be(CellNotes.BeyondMaxAge | CellNotes.Missing);
        Indicator(row).Should().Be(FeatureValue.Numeric(1));
        row.Fingerprint.Should().Be(twoHours.Fingerprint);
    }

    [Fact]
    public void Relabelling_the_file_keeps_the_fingerprint()
    {
        string relabelled = Edit(root =>
        {
            root["version"] = 2;
            root["description"] = "Version 2, same rows.";
        });

        FeatureContract<ShipmentView> read = LateDeliveryContract.FromJson(relabelled);

        read.Version.Should().Be(2);
        read.Fingerprint.Should().Be(LateDeliveryContract.V1.Fingerprint);
    }

    [Fact]
    public void A_pinned_vocabulary_change_changes_the_fingerprint()
    {
        string edited = Edit(root => root["features"]![3]!["vocabulary"]!.AsArray().Add("harbourline"));

        LateDeliveryContract.FromJson(edited).Fingerprint.Should().NotBe(LateDeliveryContract.V1.Fingerprint);
    }

    // ---- refused files ------------------------------------------------------------------------------------------

    [Fact]
    public void Unknown_source_is_refused_with_its_path()
    {
        string edited = Edit(root => root["features"]![2]!["source"] = "origin_backlog_daily");

        ProblemsOf(edited).Select(p => (p.Feature, p.Code, p.Path)).Should().Equal(
            ("origin_backlog", ContractProblemCode.UnknownSource, "$.features[2].source"));
    }

    [Fact]
    public void Source_of_another_kind_is_refused_with_its_path()
    {
        string edited = Edit(root => root["features"]![3]!["source"] = "order_distance_km");

        ContractProblem problem = ProblemsOf(edited).Should().ContainSingle().Subject;
        problem.Code.Should().Be(ContractProblemCode.SourceKindMismatch);
        problem.Path.Should().Be("$.features[3].source");
        problem.Message.Should().Contain("numeric").And.Contain("categorical");
    }

    [Fact]
    public void A_file_with_several_problems_lists_every_one_with_its_path()
    {
        string edited = Edit(root =>
        {
            root["owner"] = "logistics-ml";
            JsonArray features = root["features"]!.AsArray();
            features[0]!["range"]!["min"] = 30000;
            features[1]!["max_age"] = 6;
            features[2]!["source"] = "origin_backlog_daily";
            features[3]!["vocabulary"] = new JsonArray();
            features[4]!["kind"] = "flag";
        });

        ContractDefinitionException ex = FluentActions.Invoking(() => LateDeliveryContract.FromJson(edited))
            .Should().Throw<ContractDefinitionException>().Which;

        ex.ContractName.Should().Be("late_delivery");
        ex.Problems.Select(p => (p.Code, p.Path)).Should().Equal(
            (ContractProblemCode.UnknownProperty, "$.owner"),
            (ContractProblemCode.MinGreaterThanMax, "$.features[0].range"),
            (ContractProblemCode.WrongJsonType, "$.features[1].max_age"),
            (ContractProblemCode.UnknownSource, "$.features[2].source"),
            (ContractProblemCode.EmptyVocabulary, "$.features[3].vocabulary"),
            (ContractProblemCode.InvalidValue, "$.features[4].kind"));
        ex.Message.Should().Contain("$.features[0].range: 'distance_km': MinGreaterThanMax");
    }
}
