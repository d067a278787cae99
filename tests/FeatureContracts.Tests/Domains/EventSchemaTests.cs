using System;
using System.Linq;
using FeatureContracts.Domains;
using FeatureContracts.Sources;
using FsCheck;
using FsCheck.Xunit;
using NodaTime;
using static FeatureContracts.Tests.Domains.Tickets;

namespace FeatureContracts.Tests.Domains;

public sealed class EventSchemaTests
{
    private static EventTypeSchema OpenedType => Schema["ticket_opened"];

    // ---- definition problems --------------------------------------------------------------------------------

    [Fact]
    public void Build_reports_every_definition_problem_at_once()
    {
        EventSchemaBuilder builder = EventSchema.Define()
            .Event<Reply>("reply", t => t
                .Key("ticket_id", e => e.TicketId)
                .CreatedBy(f => null!))
            .Event<QueueLoad>("reply", t => t // the type name again
                .Key("queue", e => e.Queue)
                .CreatedBy(f => null!))
            .Event<CustomerFlagged>("customer_flagged", t => t
                .Key("customer_id", e => e.CustomerId)
                .Number("ticket_id", e => 1) // ticket_id is Text in 'reply'
                .CreatedBy(f => null!))
            .Event<TicketOpened>("ticket_opened", t => t
                .Key("ticket_id", e => e.TicketId)
                .Text("queue", e => e.Queue)
                .Text("queue", e => e.Queue)
                .Text("occurred_at", e => "x")
                .Text("DueDate", e => "x")
                .Boolean("urgent", e => e.Urgent, FieldPresence.Required, absenceMeans: false)
                .CreatedBy(f => null!))
            .Outcome<Resolved>("Resolved", t => t
                .Key("ticket_id", e => e.TicketId)
                .CreatedBy(f => null!))
            .Event<Reply>("keyless", t => t
                .Number("words", e => e.Words)
                .CreatedBy(f => null!))
            .Event<Reply>("factoryless", t => t
                .Key("ticket_id", e => e.TicketId));

        ProblemsOf(builder).Should().BeEquivalentTo(
        [
            "field 'queue' of event type 'ticket_opened' is declared twice",
            "field 'occurred_at' of event type 'ticket_opened' is common to every event; it cannot be declared again",
            "field name 'DueDate' of event type 'ticket_opened' is not a lower snake_case identifier",
            "field 'ticket_opened.urgent' declares what its absence means, so it must be optional",
            "event type name 'Resolved' is not a lower snake_case identifier",
            "event type 'keyless' declares no key, so no history could hold its events",
            "event type 'factoryless' declares no factory (CreatedBy)",
            "event type 'reply' is declared twice",
            "field 'ticket_id' is Text in 'reply' but Number in 'customer_flagged'; a field name has one type across the log",
        ]);
    }

    [Fact]
    public void Two_event_types_sharing_a_record_class_are_refused()
    {
        EventSchemaBuilder builder = EventSchema.Define()
            .Event<Reply>("reply", t => t.Key("ticket_id", e => e.TicketId).CreatedBy(f => null!))
            .Event<Reply>("answer", t => t.Key("ticket_id", e => e.TicketId).CreatedBy(f => null!));

        ProblemsOf(builder).Should().Equal("event types 'reply' and 'answer' share the record class Reply; each type needs its own");
    }

    [Fact]
    public void A_factory_declared_twice_is_a_problem()
    {
        EventSchemaBuilder builder = EventSchema.Define()
            .Event<Reply>("reply", t => t.Key("ticket_id", e => e.TicketId).CreatedBy(f => null!).CreatedBy(f => null!));

        ProblemsOf(builder).Should().Equal("event type 'reply' declares its factory twice");
    }

    [Fact]
    public void An_empty_schema_is_refused()
    {
        ProblemsOf(EventSchema.Define()).Should().Equal("the schema declares no event type");
    }

    [Fact]
    public void The_exception_message_lists_every_problem()
    {
        Action build = () => EventSchema.Define()
            .Event<Reply>("Reply", t => t.Number("words", e => e.Words).CreatedBy(f => null!))
            .Build();

        build.Should().Throw<DomainDefinitionException>()
            .Which.Message.Should().StartWith("The event schema is invalid (2 problems):")
            .And.Contain("\n  - event type name 'Reply' is not a lower snake_case identifier")
            .And.Contain("\n  - event type 'Reply' declares no key");
    }

    [Fact]
    public void A_builder_builds_once()
    {
        EventSchemaBuilder builder = EventSchema.Define().Event<Reply>("reply", t => t.Key("ticket_id", e => e.TicketId).CreatedBy(f => null!));
        builder.Build();

        builder.Invoking(b => b.Build()).Should().Throw<InvalidOperationException>().WithMessage("*already built*");
        builder.Invoking(b => b.Event<Resolved>("resolved", t => t.Key("ticket_id", e => e.TicketId)))
            .Should().Throw<InvalidOperationException>().WithMessage("*already built*");
    }

    [Fact]
    public void A_failed_build_also_spends_the_builder()
    {
        EventSchemaBuilder builder = EventSchema.Define();
        ProblemsOf(builder);

        builder.Invoking(b => b.Build()).Should().Throw<InvalidOperationException>();
    }

    // ---- the built schema ------------------------------------------------------------------------------------

    [Fact]
    public void Field_names_are_the_common_fields_then_each_name_in_order_of_first_declaration()
    {
        Schema.FieldNames.Should().Equal(
            "type", "occurred_at", "recorded_at", "event_id",
            "ticket_id", "customer_id", "queue", "size", "urgent", "due_date", "zone", "note", "words", "reason", "waiting");
        Schema.KeyFields.Should().Equal("ticket_id", "customer_id", "queue");
    }

    [Fact]
    public void Type_list_names_every_type_joined_by_commas_and_a_final_or()
    {
        Schema.TypeList.Should().Be("ticket_opened, reply, customer_flagged, queue_load or resolved");
        EventSchema.Define().Event<Reply>("reply", t => t.Key("ticket_id", e => e.TicketId).CreatedBy(f => null!)).Build()
            .TypeList.Should().Be("reply");
        EventSchema.Define()
            .Event<Reply>("reply", t => t.Key("ticket_id", e => e.TicketId).CreatedBy(f => null!))
            .Outcome<Resolved>("resolved", t => t.Key("ticket_id", e => e.TicketId).CreatedBy(f => null!))
            .Build()
            .TypeList.Should().Be("reply or resolved");
    }

    [Fact]
    public void Unknown_type_names_the_types_there_are()
    {
        Schema.Invoking(s => s["closed"]).Should().Throw<ArgumentException>()
            .WithMessage("The schema has no event type 'closed'; it has ticket_opened, reply, customer_flagged, queue_load or resolved.*");
        Schema.TryGetType("closed", out _).Should().BeFalse();
        Schema.TryGetType(null!, out _).Should().BeFalse();
    }

    [Fact]
    public void TypeOf_finds_an_event_by_its_record_class_and_refuses_an_undeclared_class()
    {
        Schema.TypeOf(new Reply("K-1", 3, T)).Name.Should().Be("reply");
        Schema.Declares(new Reply("K-1", 3, T)).Should().BeTrue();

        EventSchema repliesOnly = EventSchema.Define().Event<Reply>("reply", t => t.Key("ticket_id", e => e.TicketId).CreatedBy(f => null!)).Build();
        repliesOnly.Declares(new Resolved("K-1", T)).Should().BeFalse();
        repliesOnly.Invoking(s => s.TypeOf(new Resolved("K-1", T))).Should().Throw<ArgumentException>()
            .WithMessage("Events of class Resolved are not declared by this schema; it has reply.*");
    }

    [Fact]
    public void Field_roles_and_presence_are_as_declared()
    {
        OpenedType.IsOutcome.Should().BeFalse();
        Schema["resolved"].IsOutcome.Should().BeTrue();
        OpenedType.Keys.Select(k => k.Name).Should().Equal("ticket_id", "customer_id");
        OpenedType.Fields.Select(f => (f.Name, f.Type, f.Presence, f.Index)).Should().Equal(
            ("ticket_id", EventFieldType.Text, FieldPresence.Required, 0),
            ("customer_id", EventFieldType.Text, FieldPresence.Required, 1),
            ("queue", EventFieldType.Text, FieldPresence.Required, 2),
            ("size", EventFieldType.Number, FieldPresence.Nullable, 3),
            ("urgent", EventFieldType.Boolean, FieldPresence.Optional, 4),
            ("due_date", EventFieldType.Date, FieldPresence.Required, 5),
            ("zone", EventFieldType.TimeZone, FieldPresence.Required, 6),
            ("note", EventFieldType.Text, FieldPresence.Optional, 7));
        OpenedType.Field("queue").Shared.Should().BeTrue();
        OpenedType.Field("note").Shared.Should().BeFalse();
        OpenedType.Field("urgent").AbsenceMeans.Should().BeFalse();
        OpenedType.Field("note").AbsenceMeans.Should().BeNull();
    }

    // ---- input fields for sources ------------------------------------------------------------------------------

    [Fact]
    public void Field_of_a_predictor_type_is_a_predictor()
    {
        InputField size = Schema.Field("ticket_opened", "size");

        size.Should().Be(InputField.Predictor("ticket_opened", "size"));
        size.AbsenceMeans.Should().BeNull();
    }

    [Fact]
    public void Field_of_an_outcome_only_type_is_outcome_only()
    {
        Schema.Field("resolved", "ticket_id").Should().Be(InputField.OutcomeOnly("resolved", "ticket_id"));
        Schema.Field("resolved", "occurred_at").Role.Should().Be(FieldRole.OutcomeOnly);
    }

    [Fact]
    public void Field_carries_the_absence_meaning_its_schema_field_declares()
    {
        Schema.Field("ticket_opened", "urgent").Should().Be(InputField.Predictor("ticket_opened", "urgent").AbsenceMeaning(false));
    }

    [Theory]
    [InlineData("occurred_at")]
    [InlineData("recorded_at")]
    public void Field_accepts_the_instants_every_event_has(string field)
    {
        Schema.Field("reply", field).Should().Be(InputField.Predictor("reply", field));
    }

    [Fact]
    public void Field_refuses_an_unknown_type_or_field()
    {
        Schema.Invoking(s => s.Field("closed", "size")).Should().Throw<ArgumentException>().WithMessage("*no event type 'closed'*");
        Schema.Invoking(s => s.Field("ticket_opened", "colour")).Should().Throw<ArgumentException>()
            .WithMessage("Event type 'ticket_opened' has no field 'colour'.*");
    }

    // ---- creating events and reading them back ------------------------------------------------------------------

    private static EventFieldValue[] OpenedValues(
        string ticket = "K-1", double? size = 3, bool? urgent = true, string? note = "vip")
        =>
        [
            EventFieldValue.OfText(ticket),
            EventFieldValue.OfText("C-1"),
            EventFieldValue.OfText("billing"),
            EventFieldValue.OfNumber(size),
            EventFieldValue.OfBoolean(urgent),
            EventFieldValue.OfDate(Due),
            EventFieldValue.OfZone(Paris),
            EventFieldValue.OfText(note),
        ];

    [Fact]
    public void Create_makes_the_typed_event_through_its_factory()
    {
        DomainEvent created = OpenedType.Create(T, T + Duration.FromMinutes(5), "e-1", OpenedValues());

        created.Should().BeOfType<TicketOpened>().Which.Should().Be(
            new TicketOpened("K-1", "C-1", "billing", 3, true, Due, Paris, "vip", T, T + Duration.FromMinutes(5), "e-1"));
    }

    [Fact]
    public void Create_refuses_a_value_of_another_type_naming_the_field()
    {
        EventFieldValue[] values = OpenedValues();
        values[3] = EventFieldValue.OfText("three");

        OpenedType.Invoking(t => t.Create(T, null, null, values)).Should().Throw<ArgumentException>()
            .WithMessage("Field 'ticket_opened.size' holds Number values, not Text.*");
    }

    [Fact]
    public void Create_refuses_a_missing_required_value_naming_the_field()
    {
        EventFieldValue[] values = OpenedValues();
        values[2] = EventFieldValue.None(EventFieldType.Text);

        OpenedType.Invoking(t => t.Create(T, null, null, values)).Should().Throw<ArgumentException>()
            .WithMessage("Field 'ticket_opened.queue' is required.*");
    }

    [Fact]
    public void Create_accepts_none_for_nullable_and_optional_fields()
    {
        var created = (TicketOpened)OpenedType.Create(T, null, null, OpenedValues(size: null, urgent: null, note: null));

        created.Size.Should().BeNull();
        created.Urgent.Should().BeNull();
        created.Note.Should().BeNull();
        created.RecordedAt.Should().Be(T, "recorded_at defaults to occurred_at");
    }

    [Fact]
    public void Create_refuses_the_wrong_number_of_values()
    {
        OpenedType.Invoking(t => t.Create(T, null, null, OpenedValues()[..7])).Should().Throw<ArgumentException>()
            .WithMessage("Event type 'ticket_opened' has 8 fields, not 7.*");
    }

    [Fact]
    public void Create_passes_on_the_records_refusal_of_a_record_before_the_occurrence()
    {
        OpenedType.Invoking(t => t.Create(T, T - Duration.FromTicks(1), null, OpenedValues())).Should().Throw<ArgumentException>()
            .WithMessage("*earlier than occurred_at*");
    }

    [Fact]
    public void KeyOf_reads_key_fields_only()
    {
        TicketOpened opened = Opened(ticketId: "K-7", customerId: "C-9");

        OpenedType.KeyOf(opened, "ticket_id").Should().Be("K-7");
        OpenedType.KeyOf(opened, "customer_id").Should().Be("C-9");
        OpenedType.KeyOf(opened, "queue").Should().BeNull("queue is a plain field of ticket_opened");
        OpenedType.KeyOf(opened, "words").Should().BeNull();
    }

    private static readonly string[] ZoneIds = ["UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata", "Pacific/Chatham"];

    [Property(MaxTest = 300)]
    public bool Every_field_reads_back_the_value_it_was_created_with(
        NonWhiteSpaceString ticket, NonWhiteSpaceString queue, bool hasSize, NormalFloat size, bool? urgent, short dueDay, byte zone, bool hasNote, NonWhiteSpaceString note)
    {
        EventFieldValue[] values =
        [
            EventFieldValue.OfText(ticket.Get),
            EventFieldValue.OfText("C-1"),
            EventFieldValue.OfText(queue.Get),
            EventFieldValue.OfNumber(hasSize ? size.Get : null),
            EventFieldValue.OfBoolean(urgent),
            EventFieldValue.OfDate(new LocalDate(2000, 1, 1).PlusDays(dueDay)),
            EventFieldValue.OfZone(DateTimeZoneProviders.Tzdb[ZoneIds[zone % ZoneIds.Length]]),
            EventFieldValue.OfText(hasNote ? note.Get : null),
        ];

        DomainEvent created = OpenedType.Create(T, null, "e-1", values);

        return Enumerable.Range(0, values.Length).All(i => OpenedType.ValueOf(created, i) == values[i]);
    }

    [Fact]
    public void Field_names_take_slots_common_fields_first_then_in_order_of_first_declaration()
    {
        Schema.FieldNames.Should().Equal(
            "type", "occurred_at", "recorded_at", "event_id", "ticket_id", "customer_id", "queue", "size", "urgent", "due_date", "zone", "note",
            "words", "reason", "waiting");
        Schema.SlotOf("ticket_id").Should().Be(4);
        Schema.SlotOf("waiting").Should().Be(14);
        Schema.SlotOf("nope").Should().Be(-1);
    }

    [Fact]
    public void A_type_allows_the_common_slots_and_its_own_and_no_other()
    {
        EventTypeSchema reply = Schema["reply"];

        reply.Slots.Should().Equal(Schema.SlotOf("ticket_id"), Schema.SlotOf("words"));
        Enumerable.Range(0, Schema.FieldNames.Length).Where(reply.Allows).Select(slot => Schema.FieldNames[slot])
            .Should().Equal("type", "occurred_at", "recorded_at", "event_id", "ticket_id", "words");
        reply.Allows(-1).Should().BeFalse();
        reply.Allows(Schema.FieldNames.Length).Should().BeFalse();
    }
}
