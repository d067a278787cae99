using FeatureContracts.Contracts;
using FeatureContracts.Rows;
using FeatureContracts.Shipments.Events;
using FeatureContracts.Shipments.Histories;
using NodaTime;
using static FeatureContracts.Shipments.Tests.Builders;

namespace FeatureContracts.Shipments.Tests.Contract;

public sealed class OriginBacklogTests
{
    private const int BacklogColumn = 2;
    private const int IndicatorColumn = 5;

    private static FeatureRow Row(params BacklogMeasured[] measurements) => AcceptedRow(O204History(), Timeline(measurements), Nine);

    private static void ShouldBeMissing(FeatureRow row)
    {
        row["origin_backlog"].IsMissing.Should().BeTrue();
        row["origin_backlog"].Value.Should().Be(FeatureValue.Missing(FeatureKind.Numeric));
        row["origin_backlog"].Value.Number.Should().BeNull("a missing backlog is never zero-filled");
        row.Schema.Columns[IndicatorColumn].Name.Should().Be("origin_backlog_missing");
        row.ColumnValues()[BacklogColumn].IsMissing.Should().BeTrue();
        row.ColumnValues()[IndicatorColumn].Should().Be(FeatureValue.Numeric(1));
    }

    [Fact]
    public void Present_backlog_has_indicator_zero()
    {
        FeatureRow row = Row(Backlog(18, "2026-05-01T07:30Z"));

        row["origin_backlog"].Value.Should().Be(FeatureValue.Numeric(18));
        row.ColumnValues()[BacklogColumn].Should().Be(FeatureValue.Numeric(18));
        row.ColumnValues()[IndicatorColumn].Should().Be(FeatureValue.Numeric(0));
    }

    [Fact]
    public void Greater_occurred_at_wins_whatever_the_input_order()
    {
        FeatureRow row = Row(
            Backlog(20, "2026-05-01T08:00Z", recordedAt: "2026-05-01T08:05Z"),
            Backlog(10, "2026-05-01T07:00Z", recordedAt: "2026-05-01T08:30Z"));

        row["origin_backlog"].Value.Should().Be(FeatureValue.Numeric(20));
    }

    [Fact]
    public void Tie_on_occurred_at_goes_to_the_greater_recorded_at()
    {
        FeatureRow row = Row(
            Backlog(11, "2026-05-01T08:00Z", recordedAt: "2026-05-01T08:10Z"),
            Backlog(22, "2026-05-01T08:00Z", recordedAt: "2026-05-01T08:05Z"));

        row["origin_backlog"].Value.Should().Be(FeatureValue.Numeric(11));
    }

    [Fact]
    public void Full_tie_goes_to_the_later_input_position()
    {
        Row(Backlog(11, "2026-05-01T08:00Z"), Backlog(22, "2026-05-01T08:00Z"))["origin_backlog"].Value
            .Should().Be(FeatureValue.Numeric(22));
        Row(Backlog(22, "2026-05-01T08:00Z"), Backlog(11, "2026-05-01T08:00Z"))["origin_backlog"].Value
            .Should().Be(FeatureValue.Numeric(11));
    }

    [Fact]
    public void Measurement_exactly_six_hours_old_is_kept()
    {
        FeatureCell cell = Row(Backlog(18, "2026-05-01T03:00Z"))["origin_backlog"];

        cell.Value.Should().Be(FeatureValue.Numeric(18));
        cell.Notes.Should().Be(CellNotes.None);
        cell.FreshnessLag.Should().Be(Duration.FromHours(6));
    }

    [Fact]
    public void Measurement_one_tick_older_than_six_hours_counts_as_missing()
    {
        FeatureRow row = Row(Backlog(18, "2026-05-01T02:59:59.999999999Z"));

        ShouldBeMissing(row);
        row["origin_backlog"].Notes.Should().Be(CellNotes.BeyondMaxAge | CellNotes.Missing);
    }

    [Fact]
    public void No_measurement_is_missing_with_indicator_one()
    {
        FeatureRow row = Row();

        ShouldBeMissing(row);
        row["origin_backlog"].Notes.Should().Be(CellNotes.Missing);
    }

    [Fact]
    public void Newer_measurement_recorded_after_T_is_ignored()
    {
        FeatureRow row = Row(
            Backlog(18, "2026-05-01T07:30Z"),
            Backlog(99, "2026-05-01T08:45Z", recordedAt: "2026-05-01T09:05Z"));

        row["origin_backlog"].Value.Should().Be(FeatureValue.Numeric(18));
    }

    [Fact]
    public void Newer_measurement_recorded_after_T_does_not_rescue_a_stale_one()
    {
        FeatureRow row = Row(
            Backlog(18, "2026-05-01T02:00Z"),
            Backlog(99, "2026-05-01T08:45Z", recordedAt: "2026-05-01T09:05Z"));

        ShouldBeMissing(row);
    }

    [Fact]
    public void Another_warehouses_backlog_is_not_used()
    {
        FeatureRow row = Row(Backlog(400, "2026-05-01T08:30Z", warehouse: OtherWarehouse));

        ShouldBeMissing(row);
    }

    [Fact]
    public void Origin_backlog_is_read_even_when_another_warehouse_is_fresher()
    {
        FeatureRow row = Row(
            Backlog(18, "2026-05-01T07:30Z"),
            Backlog(400, "2026-05-01T08:30Z", warehouse: OtherWarehouse));

        row["origin_backlog"].Value.Should().Be(FeatureValue.Numeric(18));
    }

    [Fact]
    public void Negative_queue_length_rejects_the_row()
    {
        RowRejection rejection = SingleRejection(O204History(), Timeline(Backlog(-1, "2026-05-01T07:30Z")), Nine);

        rejection.Feature.Should().Be("origin_backlog");
        rejection.Code.Should().Be(RejectionCode.OutOfRange);
    }

    [Fact]
    public void Amended_origin_reads_the_backlog_of_the_new_origin()
    {
        ShipmentHistory history = History(
            Placed(origin: Origin, eventId: "placed-1"),
            Placed(occurredAt: "2026-05-01T06:00Z", origin: OtherWarehouse, eventId: "placed-2"),
            ScanAt("2026-05-01T01:00Z"));

        FeatureRow row = AcceptedRow(history, O204Backlog(), Nine);

        row["origin_backlog"].Value.Should().Be(FeatureValue.Numeric(400));
    }
}
