using System.Linq;
using FeatureContracts.Shipments.Events;
using FeatureContracts.Shipments.Histories;
using static FeatureContracts.Shipments.Tests.Builders;

namespace FeatureContracts.Shipments.Tests.Histories;

public sealed class BacklogTimelineTests
{
    [Fact]
    public void Measurements_with_the_same_event_id_count_once()
    {
        BacklogTimeline timeline = Timeline(
            Backlog(18, "2026-05-01T07:30Z", eventId: "b-1"),
            Backlog(18, "2026-05-01T07:30Z", eventId: "b-1"),
            Backlog(20, "2026-05-01T08:00Z", eventId: "b-2"));

        timeline.Of(Origin).Select(m => m.EventId).Should().Equal("b-1", "b-2");
    }

    [Fact]
    public void First_occurrence_of_a_duplicated_measurement_id_is_kept()
    {
        BacklogTimeline timeline = Timeline(
            Backlog(18, "2026-05-01T07:30Z", eventId: "b-1"),
            Backlog(99, "2026-05-01T08:30Z", eventId: "b-1"));

        timeline.Of(Origin).Should().ContainSingle().Which.QueueLength.Should().Be(18);
    }

    [Fact]
    public void An_event_id_counts_once_per_warehouse_history_as_in_every_entity_history()
    {
        // Duplicates are dropped per entity history, the one rule a partitioned export and the live store can both
        // apply: another warehouse's measurement is another entity's event, whatever its id.
        BacklogTimeline timeline = Timeline(
            Backlog(18, "2026-05-01T07:30Z", eventId: "b-1"),
            Backlog(99, "2026-05-01T07:30Z", warehouse: OtherWarehouse, eventId: "b-1"),
            Backlog(50, "2026-05-01T07:40Z", warehouse: OtherWarehouse, eventId: "b-1"));

        timeline.Of(Origin).Should().ContainSingle().Which.QueueLength.Should().Be(18);
        timeline.Of(OtherWarehouse).Should().ContainSingle().Which.QueueLength.Should().Be(99);
    }

    [Fact]
    public void Measurements_without_event_id_are_never_merged()
    {
        BacklogTimeline timeline = Timeline(Backlog(18, "2026-05-01T07:30Z"), Backlog(18, "2026-05-01T07:30Z"));

        timeline.Of(Origin).Should().HaveCount(2);
    }

    [Fact]
    public void Unknown_warehouse_has_no_measurement()
    {
        Timeline(Backlog(18, "2026-05-01T07:30Z")).AsOf("WH-NOWHERE", Nine).Should().BeNull();
        BacklogTimeline.Empty.AsOf(Origin, Nine).Should().BeNull();
    }

    [Fact]
    public void As_of_prefers_the_greater_occurred_at_whatever_the_input_order()
    {
        BacklogTimeline timeline = Timeline(
            Backlog(20, "2026-05-01T08:00Z", recordedAt: "2026-05-01T08:05Z"),
            Backlog(10, "2026-05-01T07:00Z", recordedAt: "2026-05-01T08:30Z"));

        timeline.AsOf(Origin, Nine)!.QueueLength.Should().Be(20);
    }

    [Fact]
    public void As_of_ignores_a_measurement_recorded_after_T()
    {
        BacklogTimeline timeline = Timeline(
            Backlog(18, "2026-05-01T07:30Z"),
            Backlog(99, "2026-05-01T08:45Z", recordedAt: "2026-05-01T09:05Z"));

        timeline.AsOf(Origin, Nine)!.QueueLength.Should().Be(18);
    }

    [Fact]
    public void As_of_sees_a_measurement_recorded_exactly_at_T()
    {
        BacklogTimeline timeline = Timeline(
            Backlog(18, "2026-05-01T07:30Z"),
            Backlog(25, "2026-05-01T08:45Z", recordedAt: "2026-05-01T09:00Z"));

        timeline.AsOf(Origin, Nine)!.QueueLength.Should().Be(25);
    }

    [Fact]
    public void As_of_applies_no_max_age_itself()
    {
        BacklogMeasured? old = Timeline(Backlog(18, "2026-04-20T00:00Z")).AsOf(Origin, Nine);

        old!.QueueLength.Should().Be(18);
    }
}
