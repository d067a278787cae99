using FeatureContracts.Shipments.Histories;
using FeatureContracts.Shipments.Labels;
using NodaTime;
using static FeatureContracts.Shipments.Tests.Builders;

namespace FeatureContracts.Shipments.Tests.Labels;

public sealed class LateDeliveryLabelTests
{
    // O-204's promise: 2026-05-02 in Berlin (CEST, UTC+2) -> deadline 2026-05-03T00:00+02 = 2026-05-02T22:00Z.
    private static readonly Instant Deadline = At("2026-05-02T22:00Z");

    private static ShipmentHistory WithDelivery(string occurredAt, string? recordedAt = null)
        => History(Placed(), DeliveredAt(occurredAt, recordedAt, eventId: "d-1"));

    [Fact]
    public void Label_name_is_delivered_after_promise()
    {
        LateDeliveryLabel.Name.Should().Be("delivered_after_promise");
    }

    [Fact]
    public void Deadline_is_the_start_of_the_next_local_day_in_summer()
    {
        LateDeliveryLabel.Deadline(new LocalDate(2026, 5, 2), Berlin).Should().Be(At("2026-05-02T22:00Z"));
    }

    [Fact]
    public void Deadline_is_the_start_of_the_next_local_day_in_winter()
    {
        LateDeliveryLabel.Deadline(new LocalDate(2026, 1, 15), Berlin).Should().Be(At("2026-01-15T23:00Z"));
    }

    [Fact]
    public void Deadline_ahead_of_utc_falls_on_the_promised_date_in_utc()
    {
        LateDeliveryLabel.Deadline(new LocalDate(2026, 5, 2), Zone("Asia/Tokyo")).Should().Be(At("2026-05-02T15:00Z"));
    }

    [Fact]
    public void Deadline_on_a_day_whose_midnight_does_not_exist_is_the_first_instant_of_that_day()
    {
        // America/Santiago springs forward on 2026-09-06 at 00:00 local (-04 -> -03): the day starts at 01:00 -03.
        DateTimeZone santiago = Zone("America/Santiago");
        santiago.MapLocal(new LocalDateTime(2026, 9, 6, 0, 0)).Count.Should().Be(0, "the test must exercise a DST gap at midnight");

        LateDeliveryLabel.Deadline(new LocalDate(2026, 9, 5), santiago).Should().Be(At("2026-09-06T04:00Z"));
    }

    [Fact]
    public void Deadline_on_a_day_whose_midnight_occurs_twice_is_the_earlier_one()
    {
        // Atlantic/Azores falls back on 2026-10-25 at 01:00 local (+00) to 00:00 (-01): midnight happens twice,
        // at 00:00Z and at 01:00Z. The day starts at the earlier one.
        DateTimeZone azores = Zone("Atlantic/Azores");
        azores.MapLocal(new LocalDateTime(2026, 10, 25, 0, 0)).Count.Should().Be(2, "the test must exercise an ambiguous midnight");

        LateDeliveryLabel.Deadline(new LocalDate(2026, 10, 24), azores).Should().Be(At("2026-10-25T00:00Z"));
    }

    [Fact]
    public void Delivery_exactly_at_the_deadline_is_late()
    {
        DeliveryLabelState? label = LateDeliveryLabel.At(WithDelivery("2026-05-02T22:00Z"), At("2026-05-10T00:00Z"));

        label!.IsLate.Should().BeTrue();
    }

    [Fact]
    public void Delivery_one_tick_before_the_deadline_is_on_time()
    {
        DeliveryLabelState? label = LateDeliveryLabel.At(WithDelivery("2026-05-02T21:59:59.999999999Z"), At("2026-05-10T00:00Z"));

        label!.IsLate.Should().BeFalse();
    }

    [Fact]
    public void Visible_on_time_delivery_decides_the_label_before_the_deadline()
    {
        DeliveryLabelState? label = LateDeliveryLabel.At(WithDelivery("2026-05-02T15:00Z"), At("2026-05-02T16:00Z"));

        label.Should().Be(new DeliveryLabelState(true, false, At("2026-05-02T15:00Z"), Deadline));
    }

    [Fact]
    public void Visible_late_delivery_is_late_and_known_since_the_deadline()
    {
        DeliveryLabelState? label = LateDeliveryLabel.At(WithDelivery("2026-05-03T14:00Z"), At("2026-05-04T00:00Z"));

        label.Should().Be(new DeliveryLabelState(true, true, Deadline, Deadline));
    }

    [Fact]
    public void Without_visible_delivery_after_the_deadline_the_label_is_late()
    {
        DeliveryLabelState? label = LateDeliveryLabel.At(History(Placed()), At("2026-05-02T22:00Z"));

        label.Should().Be(new DeliveryLabelState(true, true, Deadline, Deadline));
    }

    [Fact]
    public void Before_the_deadline_without_visible_delivery_the_label_is_not_known()
    {
        DeliveryLabelState? label = LateDeliveryLabel.At(History(Placed()), At("2026-05-02T22:00Z") - Tick);

        label.Should().Be(new DeliveryLabelState(false, null, null, Deadline));
    }

    [Fact]
    public void Delivery_not_yet_recorded_leaves_the_label_immature_before_the_deadline()
    {
        DeliveryLabelState? label = LateDeliveryLabel.At(WithDelivery("2026-05-02T10:00Z", "2026-05-02T12:00Z"), At("2026-05-02T11:00Z"));

        label.Should().Be(new DeliveryLabelState(false, null, null, Deadline));
    }

    [Fact]
    public void On_time_delivery_recorded_after_the_deadline_reads_as_late_until_its_record_arrives()
    {
        ShipmentHistory history = WithDelivery("2026-05-02T20:00Z", "2026-05-03T08:00Z");

        LateDeliveryLabel.At(history, At("2026-05-03T07:59Z")).Should().Be(new DeliveryLabelState(true, true, Deadline, Deadline));
    }

    [Fact]
    public void On_time_delivery_recorded_after_the_deadline_reads_on_time_once_recorded()
    {
        ShipmentHistory history = WithDelivery("2026-05-02T20:00Z", "2026-05-03T08:00Z");

        LateDeliveryLabel.At(history, At("2026-05-03T08:00Z")).Should().Be(new DeliveryLabelState(true, false, Deadline, Deadline));
    }

    [Fact]
    public void Label_is_known_at_the_delivery_record_when_it_precedes_the_deadline()
    {
        DeliveryLabelState? label = LateDeliveryLabel.At(WithDelivery("2026-05-02T10:00Z", "2026-05-02T10:30Z"), At("2026-05-02T10:30Z"));

        label!.KnownAt.Should().Be(At("2026-05-02T10:30Z"));
    }

    [Fact]
    public void Without_a_visible_order_there_is_no_label()
    {
        LateDeliveryLabel.At(History(Placed(recordedAt: "2026-05-01T00:00Z")), At("2026-04-30T23:59Z")).Should().BeNull();
    }

    [Fact]
    public void Label_uses_the_promise_of_the_order_declaration_visible_at_the_snapshot()
    {
        ShipmentHistory history = History(
            Placed(eventId: "placed-1"),
            Placed(occurredAt: "2026-05-01T08:00Z", promisedDate: new LocalDate(2026, 5, 4), eventId: "placed-2"));

        LateDeliveryLabel.At(history, At("2026-05-01T07:00Z"))!.Deadline.Should().Be(At("2026-05-02T22:00Z"));
        LateDeliveryLabel.At(history, At("2026-05-01T08:00Z"))!.Deadline.Should().Be(At("2026-05-04T22:00Z"));
    }

    [Fact]
    public void Complaint_does_not_decide_the_label()
    {
        ShipmentHistory history = History(Placed(), ComplaintAt("2026-05-02T09:00Z", eventId: "c-1"));

        LateDeliveryLabel.At(history, At("2026-05-02T10:00Z")).Should().Be(new DeliveryLabelState(false, null, null, Deadline));
    }

    [Fact]
    public void Label_is_known_from_the_first_delivery_record_even_when_a_later_correction_decides_its_value()
    {
        // First record: delivered 2026-05-02T10:00Z (on time), recorded 11:00Z. A correction recorded 15:00Z says
        // it happened 23:00Z (late). The value follows the correction; the label was known since 11:00Z.
        ShipmentHistory history = History(
            Placed(),
            DeliveredAt("2026-05-02T10:00Z", "2026-05-02T11:00Z", eventId: "d-1"),
            DeliveredAt("2026-05-02T23:00Z", "2026-05-03T15:00Z", eventId: "d-2"));

        DeliveryLabelState state = LateDeliveryLabel.At(history, At("2026-05-04T00:00Z"))!;

        state.IsLate.Should().BeTrue();
        state.KnownAt.Should().Be(At("2026-05-02T11:00Z"));
    }
}
