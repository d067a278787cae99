using System;
using System.Linq;
using System.Text.Json.Nodes;
using FeatureContracts.Contracts;
using FeatureContracts.Monitoring;
using FeatureContracts.Serialization;
using NodaTime;
using static FeatureContracts.Tests.Toy;

namespace FeatureContracts.Tests.Serialization;

/// <summary>Each feature's <c>monitors</c> object: written always, read through the builder, problems with their JSON paths.</summary>
public sealed class ContractJsonMonitorTests
{
    // [0] distance_km numeric, [1] origin_backlog numeric, [2] carrier categorical, [3] expedited boolean.
    private static FeatureContract<ToyView> Monitored() => Define()
        .Numeric("distance_km", f => f.From(Distance).RejectIfMissing().RejectOutside(0, 5000).Monitor(m => m.NullRateAbove(0.01).OutOfRangeRateAbove(0.001)))
        .Numeric("origin_backlog", f => f.From(Backlog).EmitMissingWithIndicator().ClampTo(0, 1000).MaxAge(Duration.FromHours(6))
            .Monitor(m => m.NullRateAbove(0.25, MonitorAction.FallBack).FreshnessLagAbove(Duration.FromHours(3) + Duration.FromNanoseconds(1)).ParityMismatchRateAbove(0.01)))
        .Categorical("carrier", f => f.From(Carrier).Vocabulary("northline", "eastway").MapUnseenTo("other").RejectIfMissing()
            .Monitor(m => m.UnseenRateAbove(0.05).DriftBands(0, 0.5)))
        .Boolean("expedited", f => f.From(Expedited).DefaultWhereSourceDeclaresAbsence(false))
        .Build();

    private static readonly string MonitoredJson = ContractJson.Write(Monitored());

    private static string Edited(int feature, Action<JsonObject> edit)
    {
        JsonNode root = JsonNode.Parse(MonitoredJson)!;
        edit(root["features"]![feature]!.AsObject());
        return root.ToJsonString();
    }

    private static string EditedMonitor(int feature, string property, JsonNode? value)
        => Edited(feature, f => f["monitors"]![property] = value);

    private static ContractProblem[] ProblemsOf(string json)
    {
        Action read = () => ToyCatalog.Read(json);
        return [.. read.Should().Throw<ContractDefinitionException>().Which.Problems];
    }

    [Fact]
    public void Monitors_round_trip_and_write_read_write_is_identical()
    {
        FeatureContract<ToyView> read = ToyCatalog.Read(MonitoredJson);

        ContractJson.Write(read).Should().Be(MonitoredJson);
        read.Features.Select(f => f.Monitors).Should().Equal(Monitored().Features.Select(f => f.Monitors));
        read["origin_backlog"].Monitors.MaxFreshnessLag.Should().Be(Duration.FromHours(3) + Duration.FromNanoseconds(1));
        MonitoredJson.Should().Contain("\"max_freshness_lag\": \"0:03:00:00.000000001\"");
    }

    [Fact]
    public void A_feature_without_monitors_reads_with_the_defaults()
    {
        FeatureContract<ToyView> read = ToyCatalog.Read(Edited(2, f => f.Remove("monitors")));

        read["carrier"].Monitors.Should().Be(FeatureMonitors.DefaultFor(FeatureKind.Categorical));
        read.Fingerprint.Should().Be(Monitored().Fingerprint);
    }

    [Fact]
    public void Null_properties_keep_their_defaults()
    {
        JsonObject nulls = new()
        {
            ["max_null_rate"] = null,
            ["null_rate_action"] = null,
            ["max_parity_mismatch_rate"] = null,
            ["drift_warn"] = null,
            ["drift_fail"] = null,
        };
        ToyCatalog.Read(Edited(3, f => f["monitors"] = nulls))["expedited"].Monitors.Should().Be(FeatureMonitors.DefaultFor(FeatureKind.Boolean));
    }

    [Theory]
    [InlineData(0, "max_null_rate", "1.5", ContractProblemCode.InvalidMonitorRate)]
    [InlineData(0, "max_null_rate", "\"NaN\"", ContractProblemCode.InvalidMonitorRate)]
    [InlineData(0, "max_out_of_range_rate", "-0.5", ContractProblemCode.InvalidMonitorRate)]
    [InlineData(1, "max_parity_mismatch_rate", "2", ContractProblemCode.InvalidMonitorRate)]
    [InlineData(2, "max_unseen_rate", "1.01", ContractProblemCode.InvalidMonitorRate)]
    [InlineData(0, "max_unseen_rate", "0.1", ContractProblemCode.MonitorNotApplicable)]
    [InlineData(2, "max_out_of_range_rate", "0.1", ContractProblemCode.MonitorNotApplicable)]
    [InlineData(1, "null_rate_action", "\"investigate_source\"", ContractProblemCode.InvalidNullRateAction)]
    [InlineData(1, "max_freshness_lag", "\"0:00:00:00\"", ContractProblemCode.NonPositiveFreshnessLag)]
    [InlineData(2, "drift_warn", "0.5", ContractProblemCode.InvalidDriftBands)]
    public void The_builder_s_problems_come_back_with_the_monitor_s_path(int feature, string property, string value, ContractProblemCode code)
    {
        ContractProblem problem = ProblemsOf(EditedMonitor(feature, property, JsonNode.Parse(value))).Should().ContainSingle().Subject;

        problem.Code.Should().Be(code);
        string expectedProperty = code == ContractProblemCode.InvalidDriftBands ? "drift_fail" : property;
        problem.Path.Should().Be($"$.features[{feature}].monitors.{expectedProperty}");
        problem.Feature.Should().Be(Monitored().Features[feature].Name);
    }

    [Fact]
    public void A_negative_warning_band_is_reported_at_drift_warn()
        => ProblemsOf(EditedMonitor(2, "drift_warn", JsonValue.Create(-0.1))).Single().Path.Should().Be("$.features[2].monitors.drift_warn");

    [Fact]
    public void File_problems_of_monitors_are_reported_with_paths()
    {
        ProblemsOf(EditedMonitor(0, "bogus", JsonValue.Create(1))).Single().Should().Match<ContractProblem>(p =>
            p.Code == ContractProblemCode.UnknownProperty && p.Path == "$.features[0].monitors.bogus");
        ProblemsOf(EditedMonitor(0, "max_null_rate", JsonValue.Create(true))).Single().Should().Match<ContractProblem>(p =>
            p.Code == ContractProblemCode.WrongJsonType && p.Path == "$.features[0].monitors.max_null_rate");
        ProblemsOf(EditedMonitor(1, "max_freshness_lag", JsonValue.Create(3))).Single().Should().Match<ContractProblem>(p =>
            p.Code == ContractProblemCode.WrongJsonType && p.Path == "$.features[1].monitors.max_freshness_lag");
        ProblemsOf(EditedMonitor(1, "null_rate_action", JsonValue.Create("panic"))).Single().Should().Match<ContractProblem>(p =>
            p.Code == ContractProblemCode.InvalidValue && p.Path == "$.features[1].monitors.null_rate_action" && p.Message.Contains("fall_back"));
        ProblemsOf(Edited(0, f => f["monitors"] = "strict")).Single().Should().Match<ContractProblem>(p =>
            p.Code == ContractProblemCode.WrongJsonType && p.Path == "$.features[0].monitors");
        ProblemsOf(EditedMonitor(2, "drift_fail", null)).Single().Should().Match<ContractProblem>(p =>
            p.Code == ContractProblemCode.MissingProperty && p.Path == "$.features[2].monitors.drift_fail");
        ProblemsOf(EditedMonitor(3, "null_rate_action", JsonValue.Create("fall_back"))).Single().Should().Match<ContractProblem>(p =>
            p.Code == ContractProblemCode.InvalidValue && p.Path == "$.features[3].monitors.null_rate_action" && p.Message.Contains("max_null_rate"));
    }
}
