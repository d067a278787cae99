using FeatureContracts.Contracts;
using FeatureContracts.Rows;
using FeatureContracts.Sources;
using static FeatureContracts.Shipments.Tests.Builders;

namespace FeatureContracts.Shipments.Tests.Contract;

public sealed class CarrierTests
{
    private static FeatureCell Carrier(string? code)
        => AcceptedRow(History(Placed(carrier: code), ScanAt("2026-05-01T01:00Z")), O204Backlog(), Nine)["carrier"];

    [Theory]
    [InlineData("northline")]
    [InlineData("swiftpost")]
    [InlineData("bluefreight")]
    [InlineData("metrocourier")]
    [InlineData("parcelwing")]
    public void Pinned_carrier_is_kept_as_is(string code)
    {
        FeatureCell cell = Carrier(code);

        cell.Value.Should().Be(FeatureValue.Categorical(code));
        cell.Notes.Should().Be(CellNotes.None);
        cell.ObservedValue.Should().BeNull();
    }

    [Fact]
    public void Unseen_carrier_maps_to_other_and_keeps_the_raw_code()
    {
        FeatureCell cell = Carrier("ghostship");

        cell.Value.Should().Be(FeatureValue.Categorical("other"));
        cell.Notes.Should().Be(CellNotes.UnseenMapped);
        cell.ObservedValue.Should().Be("ghostship");
    }

    [Fact]
    public void Carrier_codes_compare_case_sensitively()
    {
        FeatureCell cell = Carrier("Northline");

        cell.Value.Should().Be(FeatureValue.Categorical("other"));
        cell.ObservedValue.Should().Be("Northline");
    }

    [Fact]
    public void Missing_carrier_rejects_the_row()
    {
        RowRejection rejection = SingleRejection(History(Placed(carrier: null)), O204Backlog(), Nine);

        rejection.Feature.Should().Be("carrier");
        rejection.Code.Should().Be(RejectionCode.MissingValue);
    }
}

public sealed class ExpeditedTests
{
    private static FeatureCell Expedited(bool? expedited)
        => AcceptedRow(History(Placed(expedited: expedited), ScanAt("2026-05-01T01:00Z")), O204Backlog(), Nine)["expedited"];

    [Fact]
    public void Absent_expedited_defaults_to_false_because_the_source_declares_it()
    {
        FeatureCell cell = Expedited(null);

        cell.Value.Should().Be(FeatureValue.Bool(false));
        cell.Notes.Should().Be(CellNotes.DefaultedByDeclaredAbsence);
        cell.Lineage.Should().Equal(new LineageEntry("order_placed", "placed-1", At("2026-04-30T12:00Z"), At("2026-04-30T12:00Z")));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Given_expedited_is_kept_as_is(bool expedited)
    {
        FeatureCell cell = Expedited(expedited);

        cell.Value.Should().Be(FeatureValue.Bool(expedited));
        cell.Notes.Should().Be(CellNotes.None);
    }
}
