using System;
using System.Linq;
using System.Text;
using FeatureContracts.Domains;
using FeatureContracts.Export.Events;
using FeatureContracts.Shipments.Events;
using NodaTime;
using NodaTime.Testing.TimeZones;
using static FeatureContracts.Export.Tests.Events.EventLogSamples;

namespace FeatureContracts.Export.Tests.Events;

/// <summary>The rules of one line: what each event type becomes, and each rejection code.</summary>
public sealed class EventLogReaderLineTests
{
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    // ---- accepted lines of every type ----

    [Fact]
    public void Order_placed_line_becomes_OrderPlaced_with_every_field()
    {
        EventLine line = Parse(OrderPlacedLine);

        line.ShouldBeAccepted(7);
        var placed = line.Event.Should().BeOfType<OrderPlaced>().Subject;
        placed.Should().Be(new OrderPlaced(
            "O-204",
            Instant.FromUtc(2026, 4, 30, 10, 0),
            "northline",
            620,
            false,
            "WH-1",
            new LocalDate(2026, 5, 3),
            Berlin,
            Instant.FromUtc(2026, 4, 30, 10, 5),
            "e-1"));
        placed.OrderId.Should().Be("O-204");
        placed.OccurredAt.Should().Be(Instant.FromUtc(2026, 4, 30, 10, 0));
        placed.RecordedAt.Should().Be(Instant.FromUtc(2026, 4, 30, 10, 5));
        placed.EventId.Should().Be("e-1");
        placed.Carrier.Should().Be("northline");
        placed.DistanceKm.Should().Be(620);
        placed.Expedited.Should().BeFalse();
        placed.Origin.Should().Be("WH-1");
        placed.PromisedDate.Should().Be(new LocalDate(2026, 5, 3));
        placed.DestinationZone.Id.Should().Be("Europe/Berlin");
    }

    [Fact]
    public void Order_placed_with_null_carrier_and_distance_and_absent_expedited_keeps_them_absent()
    {
        string json = Without(With(With(OrderPlacedLine, "carrier", "null"), "distance_km", "null"), "expedited");

        var placed = Parse(json).Event.Should().BeOfType<OrderPlaced>().Subject;

        placed.Carrier.Should().BeNull();
        placed.DistanceKm.Should().BeNull();
        placed.Expedited.Should().BeNull();
    }

    [Fact]
    public void Expedited_null_means_absent_and_true_means_expedited()
    {
        Parse(With(OrderPlacedLine, "expedited", "null")).Event.Should().BeOfType<OrderPlaced>().Which.Expedited.Should().BeNull();
        Parse(With(OrderPlacedLine, "expedited", "true")).Event.Should().BeOfType<OrderPlaced>().Which.Expedited.Should().BeTrue();
    }

    [Fact]
    public void Fractional_distance_is_read_exactly()
        => Parse(With(OrderPlacedLine, "distance_km", "12.5")).Event.Should().BeOfType<OrderPlaced>().Which.DistanceKm.Should().Be(12.5);

    [Fact]
    public void Scan_line_becomes_Scan_with_every_field()
    {
        EventLine line = Parse(ScanLine, 3);

        line.ShouldBeAccepted(3);
        line.Event.Should().Be(new Scan("O-204", Instant.FromUtc(2026, 5, 1, 1, 0), "Leipzig hub", Instant.FromUtc(2026, 5, 1, 1, 2), "e-2"));
    }

    [Fact]
    public void Scan_location_is_optional_and_null_means_none()
    {
        Parse(Without(ScanLine, "location")).Event.Should().BeOfType<Scan>().Which.Location.Should().BeNull();
        Parse(With(ScanLine, "location", "null")).Event.Should().BeOfType<Scan>().Which.Location.Should().BeNull();
    }

    [Fact]
    public void Backlog_line_becomes_BacklogMeasured_with_every_field()
        => Parse(BacklogLine).Event.Should().Be(new BacklogMeasured("WH-1", 18, Instant.FromUtc(2026, 5, 1, 8, 30), null, "e-3"));

    [Fact]
    public void Delivered_line_becomes_Delivered_with_every_field()
        => Parse(DeliveredLine).Event.Should().Be(new Delivered("O-204", Instant.FromUtc(2026, 5, 3, 14, 0), Instant.FromUtc(2026, 5, 3, 14, 20), "e-4"));

    [Fact]
    public void Complaint_line_becomes_Complaint_with_every_field()
        => Parse(ComplaintLine).Event.Should().Be(new Complaint("O-204", Instant.FromUtc(2026, 5, 4, 9, 0), null, "e-5"));

    [Fact]
    public void Event_id_is_optional_and_null_means_none()
    {
        Parse(Without(DeliveredLine, "event_id")).Event!.EventId.Should().BeNull();
        Parse(With(DeliveredLine, "event_id", "null")).Event!.EventId.Should().BeNull();
    }

    [Fact]
    public void Properties_may_come_in_any_order_with_whitespace_around_tokens()
    {
        const string json = """  { "order_id" : "O-204" ,	"occurred_at" : "2026-05-03T14:00:00Z", "type" : "delivered" }  """;

        Parse(json).Event.Should().Be(new Delivered("O-204", Instant.FromUtc(2026, 5, 3, 14, 0)));
    }

    [Fact]
    public void Escaped_strings_are_unescaped()
    {
        const string json = """{"typ\u0065":"sc\u0061n","occurred_at":"2026-05-01T01:00:00\u005A","order_id":"O-\"204\"","location":"K\u00f6ln \ud83d\udce6"}""";

        Parse(json).Event.Should().Be(new Scan("O-\"204\"", Instant.FromUtc(2026, 5, 1, 1, 0), "Köln 📦"));
    }

    [Fact]
    public void Unknown_fields_are_ignored_by_default()
    {
        string json = With(With(ScanLine, "colour", "\"red\""), "carrier", "{\"nested\":[1,2,{\"x\":null}]}");

        Parse(json).Event.Should().Be(new Scan("O-204", Instant.FromUtc(2026, 5, 1, 1, 0), "Leipzig hub", Instant.FromUtc(2026, 5, 1, 1, 2), "e-2"));
    }

    // ---- time semantics ----

    [Theory]
    [InlineData("2026-05-01T09:00:00Z")]
    [InlineData("2026-05-01T11:00:00+02:00")]
    [InlineData("2026-05-01T04:30:00-04:30")]
    [InlineData("2026-05-01T09:00:00+00:00")]
    [InlineData("2026-05-01T09:00:00-00:00")]
    [InlineData("2026-05-01T09:00:00.000Z")]
    [InlineData("2026-05-02T00:00:00+15:00")]
    [InlineData("2026-05-01T11:00:00+02")]
    public void Offset_timestamps_convert_to_the_instant_they_name(string occurredAt)
        => Parse(With(DeliveredLine, "occurred_at", $"\"{occurredAt}\"")).Event!.OccurredAt.Should().Be(Instant.FromUtc(2026, 5, 1, 9, 0));

    [Fact]
    public void Fractional_seconds_are_kept_to_the_nanosecond()
        => Parse(With(ComplaintLine, "occurred_at", "\"2026-05-01T11:00:00.123456789+02:00\"")).Event!.OccurredAt
            .Should().Be(Instant.FromUtc(2026, 5, 1, 9, 0).PlusNanoseconds(123_456_789));

    [Fact]
    public void Recorded_at_defaults_to_occurred_at_when_absent()
    {
        DomainEvent e = Parse(Without(DeliveredLine, "recorded_at")).Event!;

        e.RecordedAt.Should().Be(Instant.FromUtc(2026, 5, 3, 14, 0));
        e.RecordedAt.Should().Be(e.OccurredAt);
    }

    [Fact]
    public void Recorded_at_null_defaults_to_occurred_at()
        => Parse(With(DeliveredLine, "recorded_at", "null")).Event!.RecordedAt.Should().Be(Instant.FromUtc(2026, 5, 3, 14, 0));

    [Fact]
    public void Recorded_at_equal_to_occurred_at_is_valid()
        => Parse(With(DeliveredLine, "recorded_at", "\"2026-05-03T16:00:00+02:00\"")).ShouldBeAccepted(7);

    [Fact]
    public void Recorded_at_before_occurred_at_is_rejected_naming_recorded_at()
        => Parse(With(DeliveredLine, "recorded_at", "\"2026-05-03T13:59:59Z\""))
            .ShouldBeRejected(7, "recorded_at", LineRejectionCode.RecordedBeforeOccurred, "\"2026-05-03T13:59:59Z\"");

    [Fact]
    public void Recorded_at_before_occurred_at_is_judged_on_instants_not_on_local_text()
        => Parse(With(DeliveredLine, "recorded_at", "\"2026-05-03T15:00:00+02:00\""))
            .ShouldBeRejected(7, "recorded_at", LineRejectionCode.RecordedBeforeOccurred);

    [Theory]
    [InlineData("occurred_at")]
    [InlineData("recorded_at")]
    public void Timestamp_without_offset_is_rejected_naming_the_field(string field)
        => Parse(With(DeliveredLine, field, "\"2026-05-03T14:00:00\""))
            .ShouldBeRejected(7, field, LineRejectionCode.TimestampWithoutOffset, "\"2026-05-03T14:00:00\"");

    [Fact]
    public void Timestamp_with_fraction_but_without_offset_is_rejected_as_without_offset()
        => Parse(With(DeliveredLine, "occurred_at", "\"2026-05-03T14:00:00.5\""))
            .ShouldBeRejected(7, "occurred_at", LineRejectionCode.TimestampWithoutOffset);

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2026-05-03")]
    [InlineData("2026-05-03 14:00:00Z")]
    [InlineData("2026-13-03T14:00:00Z")]
    [InlineData("2026-02-30T14:00:00Z")]
    [InlineData("2026-05-03T14:00Z")]
    [InlineData("2026-05-03T14:00:00+19:00")]
    [InlineData("2026-05-03T14:00:00.Z")]
    [InlineData("2026-05-03T14:00:00.1234567891Z")]
    [InlineData("")]
    public void Unparsable_timestamp_is_rejected_as_invalid_timestamp(string text)
        => Parse(With(DeliveredLine, "occurred_at", $"\"{text}\""))
            .ShouldBeRejected(7, "occurred_at", LineRejectionCode.InvalidTimestamp, $"\"{text}\"");

    [Fact]
    public void Timestamp_beyond_the_representable_range_is_rejected_not_thrown()
        => Parse(With(DeliveredLine, "occurred_at", "\"9999-12-31T23:00:00-05:00\""))
            .ShouldBeRejected(7, "occurred_at", LineRejectionCode.InvalidTimestamp, "9999-12-31T23:00:00-05:00");

    [Theory]
    [InlineData("1714554000")]
    [InlineData("null")]
    [InlineData("true")]
    [InlineData("[\"2026-05-03T14:00:00Z\"]")]
    public void Occurred_at_that_is_not_a_string_is_an_invalid_value(string json)
        => Parse(With(DeliveredLine, "occurred_at", json)).ShouldBeRejected(7, "occurred_at", LineRejectionCode.InvalidValue, json);

    [Fact]
    public void Recorded_at_that_is_not_a_string_is_an_invalid_value()
        => Parse(With(DeliveredLine, "recorded_at", "42")).ShouldBeRejected(7, "recorded_at", LineRejectionCode.InvalidValue, "42");

    // ---- whole-line rejections ----

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t \r")]
    public void Blank_line_is_rejected_as_empty(string text)
        => Parse(text).ShouldBeRejected(7, null, LineRejectionCode.EmptyLine);

    [Fact]
    public void Line_over_the_limit_is_rejected_as_too_long_by_ParseLine_too()
        => Parse(ScanLine, 2, new EventLogReaderOptions { MaxLineBytes = 40 })
            .ShouldBeRejected(2, null, LineRejectionCode.LineTooLong, "{\"type\":\"scan\"");

    [Fact]
    public void Line_exactly_at_the_limit_is_parsed()
        => Parse(ScanLine, 2, new EventLogReaderOptions { MaxLineBytes = Encoding.UTF8.GetByteCount(ScanLine) }).ShouldBeAccepted(2);

    [Theory]
    [InlineData("{\"type\":\"scan\",")]
    [InlineData("{\"type\":\"scan\",}")]
    [InlineData("{\"type\":\"scan\" /* comment */}")]
    [InlineData("{\"type\":\"scan\"} // comment")]
    [InlineData("{'type':'scan'}")]
    [InlineData("{type:\"scan\"}")]
    [InlineData("{\"type\":\"scan\"} {\"type\":\"scan\"}")]
    [InlineData("{\"type\":\"sc\tan\"}")]
    [InlineData("{\"distance_km\":NaN}")]
    [InlineData("{\"distance_km\":01}")]
    [InlineData("nope")]
    [InlineData("}")]
    public void Invalid_json_is_rejected_as_malformed(string text)
        => Parse(text).ShouldBeRejected(7, null, LineRejectionCode.MalformedJson);

    [Fact]
    public void Malformed_json_reason_quotes_the_line()
        => Parse("{\"type\":\"scan\",}").Rejection!.Reason.Should().Contain("{\"type\":\"scan\",}").And.NotContain("LineNumber");

    [Fact]
    public void Invalid_utf8_is_rejected_as_malformed_json_naming_the_byte()
    {
        byte[] bytes = [.. Encoding.UTF8.GetBytes("{\"type\":\"scan\",\"order_id\":\"O-"), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("\"}")];

        EventLine line = new EventLogReader(EventLogSamples.Schema).ParseLine(bytes, 9);

        line.ShouldBeRejected(9, null, LineRejectionCode.MalformedJson, "byte 29");
    }

    [Fact]
    public void A_property_name_with_an_unpaired_surrogate_escape_is_malformed()
        => Parse("""{"type":"scan","\ud800":1}""").ShouldBeRejected(7, null, LineRejectionCode.MalformedJson);

    [Fact]
    public void Nesting_deeper_than_the_limit_is_rejected_as_too_deep()
    {
        // The event object is level 1; 16 more arrays make level 17.
        string json = With(DeliveredLine, "extra", new string('[', 16) + new string(']', 16));

        Parse(json).ShouldBeRejected(7, null, LineRejectionCode.TooDeep, "16");
    }

    [Fact]
    public void Nesting_exactly_at_the_limit_is_allowed()
        => Parse(With(DeliveredLine, "extra", new string('[', 15) + new string(']', 15))).ShouldBeAccepted(7);

    [Fact]
    public void Depth_limit_comes_from_the_options()
    {
        string json = With(DeliveredLine, "extra", "{\"a\":{}}");

        Parse(json, options: new EventLogReaderOptions { MaxDepth = 2 }).ShouldBeRejected(7, null, LineRejectionCode.TooDeep);
        Parse(json, options: new EventLogReaderOptions { MaxDepth = 3 }).ShouldBeAccepted(7);
    }

    [Fact]
    public void Too_deep_is_reported_even_when_the_line_is_also_truncated_later()
        => Parse("{\"a\":" + new string('[', 40)).ShouldBeRejected(7, null, LineRejectionCode.TooDeep);

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("[{\"type\":\"scan\"}]")]
    [InlineData("\"scan\"")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("true")]
    public void Json_that_is_not_an_object_is_rejected(string text)
        => Parse(text).ShouldBeRejected(7, null, LineRejectionCode.NotAnObject, text);

    [Fact]
    public void A_repeated_known_field_is_rejected_naming_it()
        => Parse(DeliveredLine.Replace("\"order_id\":\"O-204\"", "\"order_id\":\"O-204\",\"order_id\":\"O-205\"", StringComparison.Ordinal))
            .ShouldBeRejected(7, "order_id", LineRejectionCode.DuplicateField, "\"order_id\"");

    [Fact]
    public void A_repeated_unknown_field_is_rejected_naming_it()
        => Parse(DeliveredLine.Replace("{", "{\"note\":1,\"note\":2,", StringComparison.Ordinal))
            .ShouldBeRejected(7, "note", LineRejectionCode.DuplicateField, "\"note\"");

    [Fact]
    public void A_field_repeated_under_an_escaped_spelling_is_still_a_duplicate()
    {
        Parse(DeliveredLine.Replace("{", "{\"typ\\u0065\":\"delivered\",", StringComparison.Ordinal))
            .ShouldBeRejected(7, "type", LineRejectionCode.DuplicateField);
        Parse(DeliveredLine.Replace("{", "{\"note\":1,\"not\\u0065\":2,", StringComparison.Ordinal))
            .ShouldBeRejected(7, "note", LineRejectionCode.DuplicateField);
    }

    [Fact]
    public void Duplicates_among_many_unknown_fields_are_found()
    {
        string fields = string.Concat(Enumerable.Range(0, 40).Select(i => $"\"f{i}\":{i},"));

        Parse(DeliveredLine.Replace("{", "{" + fields + "\"f33\":0,", StringComparison.Ordinal))
            .ShouldBeRejected(7, "f33", LineRejectionCode.DuplicateField);
        Parse(DeliveredLine.Replace("{", "{" + fields, StringComparison.Ordinal)).ShouldBeAccepted(7);
    }

    [Fact]
    public void The_same_name_in_nested_objects_is_not_a_duplicate()
        => Parse(With(DeliveredLine, "extra", "[{\"a\":1},{\"a\":2}]")).ShouldBeAccepted(7);

    // ---- type ----

    [Fact]
    public void Missing_type_is_rejected_naming_type()
        => Parse(Without(ScanLine, "type")).ShouldBeRejected(7, "type", LineRejectionCode.MissingField);

    [Theory]
    [InlineData("\"parcel_lost\"")]
    [InlineData("\"Scan\"")]
    [InlineData("\"\"")]
    public void Unknown_type_is_rejected_quoting_it(string json)
        => Parse(With(ScanLine, "type", json)).ShouldBeRejected(7, "type", LineRejectionCode.UnknownType, json);

    [Theory]
    [InlineData("5")]
    [InlineData("null")]
    [InlineData("[\"scan\"]")]
    public void Type_that_is_not_a_string_is_an_invalid_value(string json)
        => Parse(With(ScanLine, "type", json)).ShouldBeRejected(7, "type", LineRejectionCode.InvalidValue, json);

    // ---- required fields ----

    [Theory]
    [InlineData(0, "occurred_at")]
    [InlineData(0, "order_id")]
    [InlineData(0, "carrier")]
    [InlineData(0, "distance_km")]
    [InlineData(0, "origin")]
    [InlineData(0, "promised_date")]
    [InlineData(0, "destination_zone")]
    [InlineData(1, "occurred_at")]
    [InlineData(1, "order_id")]
    [InlineData(2, "warehouse")]
    [InlineData(2, "queue_length")]
    [InlineData(3, "order_id")]
    [InlineData(4, "order_id")]
    public void Missing_required_field_is_rejected_naming_it(int sample, string field)
        => Parse(Without(All[sample], field)).ShouldBeRejected(7, field, LineRejectionCode.MissingField, $"\"{field}\"");

    [Theory]
    [InlineData(0, "order_id", "\"\"")]
    [InlineData(0, "order_id", "\"   \"")]
    [InlineData(0, "order_id", "204")]
    [InlineData(0, "order_id", "null")]
    [InlineData(0, "carrier", "\"\"")]
    [InlineData(0, "carrier", "7")]
    [InlineData(0, "origin", "\" \"")]
    [InlineData(0, "origin", "null")]
    [InlineData(0, "distance_km", "\"620\"")]
    [InlineData(0, "distance_km", "true")]
    [InlineData(0, "distance_km", "\"nan\"")]
    [InlineData(0, "expedited", "\"yes\"")]
    [InlineData(0, "expedited", "1")]
    [InlineData(0, "promised_date", "20260503")]
    [InlineData(0, "destination_zone", "null")]
    [InlineData(1, "location", "\"\"")]
    [InlineData(1, "location", "{}")]
    [InlineData(1, "event_id", "\" \"")]
    [InlineData(1, "event_id", "17")]
    [InlineData(2, "warehouse", "\"\\t\"")]
    [InlineData(2, "queue_length", "null")]
    [InlineData(2, "queue_length", "\"18\"")]
    [InlineData(3, "order_id", "\"\\u00a0\"")]
    [InlineData(4, "order_id", "[]")]
    public void Field_of_the_wrong_type_or_blank_is_an_invalid_value(int sample, string field, string json)
        => Parse(With(All[sample], field, json)).ShouldBeRejected(7, field, LineRejectionCode.InvalidValue, json.Contains('\\') ? null : json);

    [Fact]
    public void A_string_with_an_unpaired_surrogate_escape_is_an_invalid_value()
        => Parse(DeliveredLine.Replace("\"O-204\"", "\"O-\\ud800\"", StringComparison.Ordinal))
            .ShouldBeRejected(7, "order_id", LineRejectionCode.InvalidValue);

    [Theory]
    [InlineData("distance_km", "1e999")]
    [InlineData("distance_km", "-1e999")]
    [InlineData("distance_km", "\"NaN\"")]
    [InlineData("distance_km", "\"Infinity\"")]
    [InlineData("distance_km", "\"-Infinity\"")]
    public void Non_finite_distance_is_rejected_as_not_finite(string field, string json)
        => Parse(With(OrderPlacedLine, field, json)).ShouldBeRejected(7, field, LineRejectionCode.NotFinite, json);

    [Theory]
    [InlineData("1e400")]
    [InlineData("\"NaN\"")]
    [InlineData("\"-Infinity\"")]
    public void Non_finite_queue_length_is_rejected_as_not_finite(string json)
        => Parse(With(BacklogLine, "queue_length", json)).ShouldBeRejected(7, "queue_length", LineRejectionCode.NotFinite, json);

    [Theory]
    [InlineData("2026-02-30")]
    [InlineData("03/05/2026")]
    [InlineData("2026-5-3")]
    [InlineData("2026-05-03T00:00:00Z")]
    [InlineData("")]
    public void Promised_date_that_is_not_an_iso_date_is_rejected_as_invalid_date(string text)
        => Parse(With(OrderPlacedLine, "promised_date", $"\"{text}\"")).ShouldBeRejected(7, "promised_date", LineRejectionCode.InvalidDate, $"\"{text}\"");

    [Theory]
    [InlineData("Mars/Olympus")]
    [InlineData("europe/berlin")]
    [InlineData("CEST")]
    [InlineData("")]
    public void Destination_zone_that_is_not_a_known_iana_zone_is_rejected(string id)
        => Parse(With(OrderPlacedLine, "destination_zone", $"\"{id}\"")).ShouldBeRejected(7, "destination_zone", LineRejectionCode.UnknownTimeZone, $"\"{id}\"");

    [Fact]
    public void Destination_zones_are_resolved_by_the_configured_provider()
    {
        var zones = new FakeDateTimeZoneSource.Builder { new SingleTransitionDateTimeZone(Instant.FromUtc(2000, 1, 1, 0, 0), 0, 1) }.Build();
        var options = new EventLogReaderOptions { Zones = new NodaTime.TimeZones.DateTimeZoneCache(zones) };
        string id = zones.GetIds().Single();

        Parse(With(OrderPlacedLine, "destination_zone", $"\"{id}\""), options: options).Event.Should().BeOfType<OrderPlaced>().Which.DestinationZone.Id.Should().Be(id);
        Parse(OrderPlacedLine, options: options).ShouldBeRejected(7, "destination_zone", LineRejectionCode.UnknownTimeZone, "\"Europe/Berlin\"");
    }

    // ---- unknown fields ----

    [Fact]
    public void Unknown_field_is_rejected_naming_it_when_the_reader_is_strict()
        => Parse(With(ScanLine, "colour", "\"red\""), options: new EventLogReaderOptions { RejectUnknownFields = true })
            .ShouldBeRejected(7, "colour", LineRejectionCode.UnknownField, "\"colour\"");

    [Fact]
    public void A_field_of_another_event_type_is_unknown_for_this_type()
        => Parse(With(ScanLine, "carrier", "\"northline\""), options: new EventLogReaderOptions { RejectUnknownFields = true })
            .ShouldBeRejected(7, "carrier", LineRejectionCode.UnknownField, "scan");

    [Fact]
    public void The_first_unknown_field_in_line_order_is_reported()
    {
        var strict = new EventLogReaderOptions { RejectUnknownFields = true };

        Parse("""{"type":"scan","location":"x","carrier":"c","zzz":1,"occurred_at":"2026-05-01T01:00:00Z","order_id":"O-1"}""", options: strict)
            .ShouldBeRejected(7, "carrier", LineRejectionCode.UnknownField);
        Parse("""{"type":"scan","zzz":1,"carrier":"c","occurred_at":"2026-05-01T01:00:00Z","order_id":"O-1"}""", options: strict)
            .ShouldBeRejected(7, "zzz", LineRejectionCode.UnknownField);
    }

    [Fact]
    public void Every_sample_line_is_accepted_by_a_strict_reader()
    {
        var reader = new EventLogReader(EventLogSamples.Schema, new EventLogReaderOptions { RejectUnknownFields = true });

        All.Select((json, i) => reader.ParseLine(Encoding.UTF8.GetBytes(json), i + 1)).Should().OnlyContain(l => l.Event != null);
    }

    // ---- the first problem of a line, in the documented order ----

    [Fact]
    public void Malformed_json_wins_over_a_duplicate_field_before_it()
        => Parse("{\"type\":\"scan\",\"type\":\"scan\",").ShouldBeRejected(7, null, LineRejectionCode.MalformedJson);

    [Fact]
    public void Not_an_object_wins_over_everything_inside_the_array()
        => Parse("[{\"type\":\"scan\",\"type\":1}]").ShouldBeRejected(7, null, LineRejectionCode.NotAnObject);

    [Fact]
    public void Duplicate_field_wins_over_a_missing_type()
        => Parse("{\"a\":1,\"a\":2}").ShouldBeRejected(7, "a", LineRejectionCode.DuplicateField);

    [Fact]
    public void Type_is_checked_before_the_other_fields()
        => Parse("{\"type\":\"parcel_lost\",\"occurred_at\":\"never\"}").ShouldBeRejected(7, "type", LineRejectionCode.UnknownType);

    [Fact]
    public void Unknown_fields_are_checked_before_the_common_fields()
        => Parse("{\"type\":\"scan\",\"ocurred_at\":\"2026-05-01T01:00:00Z\",\"order_id\":\"O-1\"}", options: new EventLogReaderOptions { RejectUnknownFields = true })
            .ShouldBeRejected(7, "ocurred_at", LineRejectionCode.UnknownField);

    [Fact]
    public void Common_fields_are_checked_before_the_type_fields()
        => Parse(With(Without(OrderPlacedLine, "order_id"), "occurred_at", "\"2026-05-01T09:00:00\""))
            .ShouldBeRejected(7, "occurred_at", LineRejectionCode.TimestampWithoutOffset);

    [Fact]
    public void Recorded_before_occurred_is_checked_before_event_id()
        => Parse(With(With(DeliveredLine, "recorded_at", "\"2026-05-01T00:00:00Z\""), "event_id", "\"\""))
            .ShouldBeRejected(7, "recorded_at", LineRejectionCode.RecordedBeforeOccurred);

    [Fact]
    public void Order_placed_fields_are_checked_in_the_log_format_order()
    {
        string bad = With(With(With(OrderPlacedLine, "destination_zone", "\"Mars/Olympus\""), "promised_date", "\"2026-02-30\""), "distance_km", "1e999");

        Parse(bad).ShouldBeRejected(7, "distance_km", LineRejectionCode.NotFinite);
        Parse(With(bad, "distance_km", "620")).ShouldBeRejected(7, "promised_date", LineRejectionCode.InvalidDate);
        Parse(With(With(bad, "distance_km", "620"), "promised_date", "\"2026-05-03\"")).ShouldBeRejected(7, "destination_zone", LineRejectionCode.UnknownTimeZone);
    }

    // ---- reasons ----

    [Fact]
    public void Quoted_values_are_cut_to_64_characters()
    {
        string longId = new('x', 500);
        LineRejection rejection = Parse(With(DeliveredLine, "occurred_at", $"\"{longId}\"")).Rejection!;

        rejection.Reason.Should().Contain("\"" + new string('x', 63) + "...");
        rejection.Reason.Should().NotContain(new string('x', 65));
    }

    [Fact]
    public void Rejection_prints_line_field_code_and_reason()
        => Parse(With(DeliveredLine, "occurred_at", "\"2026-05-03T14:00:00\""), 12).Rejection!.ToString()
            .Should().StartWith("line 12, field 'occurred_at': TimestampWithoutOffset: occurred_at \"2026-05-03T14:00:00\"");

    // ---- construction ----

    [Theory]
    [InlineData(0, 16)]
    [InlineData(-1, 16)]
    [InlineData(EventLogReaderOptions.MaxLineBytesLimit + 1, 16)]
    [InlineData(65_536, 0)]
    [InlineData(65_536, EventLogReaderOptions.MaxDepthLimit + 1)]
    public void Limits_out_of_range_are_refused_by_the_constructor(int maxLineBytes, int maxDepth)
    {
        Action create = () => _ = new EventLogReader(EventLogSamples.Schema, new EventLogReaderOptions { MaxLineBytes = maxLineBytes, MaxDepth = maxDepth });

        create.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void A_null_zone_provider_is_refused_by_the_constructor()
    {
        Action create = () => _ = new EventLogReader(EventLogSamples.Schema, new EventLogReaderOptions { Zones = null! });

        create.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Options_have_the_documented_defaults()
    {
        var options = new EventLogReaderOptions();

        options.MaxLineBytes.Should().Be(65_536);
        options.MaxDepth.Should().Be(16);
        options.RejectUnknownFields.Should().BeFalse();
        options.Zones.Should().BeSameAs(DateTimeZoneProviders.Tzdb);
    }

    [Fact]
    public void ParseLine_refuses_a_line_number_below_one()
    {
        Action parse = () => new EventLogReader(EventLogSamples.Schema).ParseLine("{}"u8, 0);

        parse.Should().Throw<ArgumentOutOfRangeException>();
    }
}
