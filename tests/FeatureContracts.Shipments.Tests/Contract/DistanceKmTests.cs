using System.Linq;
using FeatureContracts.Contracts;
using FeatureContracts.Rows;
using FeatureContracts.Shipments.Histories;
using static FeatureContracts.Shipments.Tests.Builders;

namespace FeatureContracts.Shipments.Tests.Contract;

public sealed class DistanceKmTests
{
    private static ShipmentHistory WithDistance(double? km) => History(Placed(distanceKm: km), ScanAt("2026-05-01T01:00Z"));

    [Fact]
    public void Missing_distance_rejects_the_row()
    {
        RowRejection rejection = SingleRejection(WithDistance(null), O204Backlog(), Nine);

        rejection.Feature.Should().Be("distance_km");
        rejection.Code.Should().Be(RejectionCode.MissingValue);
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(-620, "-620")]
    [InlineData(0.09, "0.09")]
    [InlineData(20_000.5, "20000.5")]
    [InlineData(25_000, "25000")]
    public void Distance_outside_the_allowed_range_rejects_the_row(double km, string attempted)
    {
        RowRejection rejection = SingleRejection(WithDistance(km), O204Backlog(), Nine);

        rejection.Feature.Should().Be("distance_km");
        rejection.Code.Should().Be(RejectionCode.OutOfRange);
        rejection.AttemptedValue.Should().Be(attempted);
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(20_000)]
    public void Distance_on_a_range_bound_is_kept(double km)
    {
        FeatureRow row = AcceptedRow(WithDistance(km), O204Backlog(), Nine);

        row["distance_km"].Value.Should().Be(FeatureValue.Numeric(km));
        row["distance_km"].Notes.Should().Be(CellNotes.None);
    }

    [Fact]
    public void NaN_distance_rejects_the_row_as_not_finite()
    {
        RowRejection rejection = SingleRejection(WithDistance(double.NaN), O204Backlog(), Nine);

        rejection.Feature.Should().Be("distance_km");
        rejection.Code.Should().Be(RejectionCode.NotFinite);
        rejection.AttemptedValue.Should().Be("NaN");
    }

    [Fact]
    public void Infinite_distance_rejects_the_row_as_not_finite()
    {
        SingleRejection(WithDistance(double.PositiveInfinity), O204Backlog(), Nine).Code.Should().Be(RejectionCode.NotFinite);
    }

    [Fact]
    public void Every_broken_rule_is_reported_not_only_the_first()
    {
        ShipmentHistory history = History(Placed(distanceKm: null, carrier: null), ScanAt("2026-05-01T01:00Z"));

        RowResult result = ShipmentTransform.LateDeliveryV1.BuildRow(history, O204Backlog(), Nine);

        result.Rejections.Select(r => (r.Feature, r.Code)).Should().Equal(
            ("distance_km", RejectionCode.MissingValue),
            ("carrier", RejectionCode.MissingValue));
    }
}
