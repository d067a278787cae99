using System;
using FeatureContracts.Rows;
using FeatureContracts.Shipments;
using FeatureContracts.Shipments.Events;
using FeatureContracts.Shipments.Histories;
using NodaTime;
using NodaTime.Text;

static Instant At(string text) => InstantPattern.ExtendedIso.Parse(text).Value;
var zone = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
var history = ShipmentHistory.Of("O-204", [
    new OrderPlaced("O-204", At("2026-04-30T16:00:00Z"), "northline", 620, false, "WH-HAM", new LocalDate(2026, 5, 2), zone, eventId: "e1"),
    new Scan("O-204", At("2026-05-01T01:00:00Z"), "HAM-hub", eventId: "e2"),
    new Delivered("O-204", At("2026-05-03T14:00:00Z"), eventId: "e3"),
    new Complaint("O-204", At("2026-05-03T18:00:00Z"), eventId: "e4"),
]);
var backlog = BacklogTimeline.Of([new BacklogMeasured("WH-HAM", 18, At("2026-05-01T07:30:00Z"), eventId: "b1")]);
RowResult result = ShipmentTransform.LateDeliveryV1.BuildRow(history, backlog, At("2026-05-01T09:00:00Z"));
Console.WriteLine(result);
