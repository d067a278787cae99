using System;
using System.Collections.Generic;
using FeatureContracts.Domains;
using NodaTime;
using static FeatureContracts.Tests.Domains.Tickets;

namespace FeatureContracts.Tests.Domains;

public sealed class DomainLayoutTests
{
    private static readonly LabelDefinition DefaultLabel = new("resolved_late", "late", "on_time");

    /// <summary>A domain over any schema and layout; its label is never asked for.</summary>
    private sealed class LayoutDomain(EventSchema schema, EntityLayout entity, LabelDefinition? label = null)
        : Domain("layout", schema, entity, label ?? DefaultLabel, "layout-1")
    {
        public override LabelState LabelAt(IHistoryLookup histories, string entityId, Instant snapshot) => LabelState.Unknown;
    }

    /// <summary>A second event type carrying both a ticket and a customer.</summary>
    private sealed record TicketMerged(string TicketId, string CustomerId, Instant At) : DomainEvent(At, null, null)
    {
        public override string EventType => "ticket_merged";
    }

    private static IReadOnlyList<string> ProblemsOf(EventSchema schema, EntityLayout entity, LabelDefinition? label = null)
    {
        try
        {
            _ = new LayoutDomain(schema, entity, label);
        }
        catch (DomainDefinitionException ex)
        {
            ex.Message.Should().StartWith("Domain 'layout' is invalid");
            return ex.Problems;
        }

        throw new InvalidOperationException("The domain was built, but problems were expected.");
    }

    [Fact]
    public void Every_layout_problem_is_listed_at_once()
    {
        var entity = new EntityLayout("order_id", "ticket", "ticket_closed") { PartitionKey = "shard", ReferenceKeys = ["region"] };

        ProblemsOf(Schema, entity, new LabelDefinition("resolved_late", "late", "late")).Should().Equal(
            "the entity key 'order_id' is not a key field of the schema (its keys are ticket_id, customer_id, queue)",
            "the entity is known by event type 'ticket_closed', which the schema does not declare",
            "the partition key 'shard' is not a key field of the schema",
            "the reference key 'region' is not a key field of the schema",
            "events keyed only by 'ticket_id' cannot be laid out: declare 'ticket_id' as reference data, or let one event type carry both 'ticket_id' and the partition key 'shard'",
            "events keyed only by 'customer_id' cannot be laid out: declare 'customer_id' as reference data, or let one event type carry both 'customer_id' and the partition key 'shard'",
            "events keyed only by 'queue' cannot be laid out: declare 'queue' as reference data, or let one event type carry both 'queue' and the partition key 'shard'",
            "the label needs a name and two distinct class names");
    }

    [Fact]
    public void A_known_by_type_without_the_entity_key_a_partition_key_as_reference_data_and_an_unlinked_key_are_listed()
    {
        var entity = new EntityLayout("ticket_id", "ticket", "queue_load") { ReferenceKeys = ["ticket_id", "customer_id"] };

        ProblemsOf(Schema, entity).Should().Equal(
            "event type 'queue_load' makes the entity known but has no key 'ticket_id'",
            "the key 'ticket_id' cannot be reference data: rows are laid out by it",
            "events keyed only by 'queue' cannot be laid out: declare 'queue' as reference data, or let one event type carry both 'queue' and the partition key 'ticket_id'");
    }

    [Fact]
    public void The_entity_key_cannot_be_reference_data_even_when_partitioned_by_another_key()
    {
        var entity = new EntityLayout("ticket_id", "ticket", "ticket_opened") { PartitionKey = "customer_id", ReferenceKeys = ["ticket_id", "queue"] };

        ProblemsOf(Schema, entity).Should().Contain("the key 'ticket_id' cannot be reference data: rows are laid out by it");
    }

    [Fact]
    public void A_type_keyed_by_reference_data_and_by_a_partitioned_key_is_refused()
    {
        var entity = new EntityLayout("ticket_id", "ticket", "ticket_opened") { ReferenceKeys = ["queue", "customer_id"] };

        ProblemsOf(Schema, entity).Should().Equal(
            "event type 'ticket_opened' is keyed by reference data and by a partitioned key; key it by one of them and keep the other as a plain field");
    }

    [Fact]
    public void A_key_linked_to_the_partition_key_by_two_types_is_refused()
    {
        EventSchema schema = EventSchema.Define()
            .Event<TicketOpened>("ticket_opened", t => t.Key("ticket_id", e => e.TicketId).Key("customer_id", e => e.CustomerId).CreatedBy(f => null!))
            .Event<TicketMerged>("ticket_merged", t => t.Key("ticket_id", e => e.TicketId).Key("customer_id", e => e.CustomerId).CreatedBy(f => null!))
            .Event<CustomerFlagged>("customer_flagged", t => t.Key("customer_id", e => e.CustomerId).CreatedBy(f => null!))
            .Build();

        ProblemsOf(schema, new EntityLayout("ticket_id", "ticket", "ticket_opened")).Should().Equal(
            "events keyed by 'customer_id' reach the partition key 'ticket_id' through more than one event type (ticket_opened, ticket_merged); exactly one must link them");
    }

    [Fact]
    public void Two_types_carrying_both_keys_are_fine_when_no_event_is_keyed_by_the_other_key_alone()
    {
        EventSchema schema = EventSchema.Define()
            .Event<TicketOpened>("ticket_opened", t => t.Key("ticket_id", e => e.TicketId).Key("customer_id", e => e.CustomerId).CreatedBy(f => null!))
            .Event<TicketMerged>("ticket_merged", t => t.Key("ticket_id", e => e.TicketId).Key("customer_id", e => e.CustomerId).CreatedBy(f => null!))
            .Build();

        new LayoutDomain(schema, new EntityLayout("ticket_id", "ticket", "ticket_opened")).LinkOf("customer_id").Should().BeNull();
    }

    [Theory]
    [InlineData(" ", "late", "on_time")]
    [InlineData("resolved_late", "", "on_time")]
    [InlineData("resolved_late", "late", " ")]
    [InlineData("resolved_late", "late", "late")]
    public void A_label_needs_a_name_and_two_distinct_class_names(string name, string positive, string negative)
    {
        var entity = new EntityLayout("ticket_id", "ticket", "ticket_opened") { ReferenceKeys = ["queue"] };

        ProblemsOf(Schema, entity, new LabelDefinition(name, positive, negative)).Should().Equal("the label needs a name and two distinct class names");
    }

    [Fact]
    public void LinkOf_names_the_type_carrying_a_key_and_the_partition_key()
    {
        TicketDomain domain = TicketDomain.Instance;

        domain.LinkOf("customer_id").Should().Be("ticket_opened", "customer_flagged events reach their ticket's partition through ticket_opened");
        domain.LinkOf("ticket_id").Should().BeNull("it is the partition key");
        domain.LinkOf("queue").Should().BeNull("it is reference data");
        domain.LinkOf("nope").Should().BeNull();
    }

    [Fact]
    public void LinkOf_follows_a_partition_key_other_than_the_entity_key()
    {
        var byCustomer = new LayoutDomain(Schema, new EntityLayout("ticket_id", "ticket", "ticket_opened") { PartitionKey = "customer_id", ReferenceKeys = ["queue"] });

        byCustomer.LinkOf("ticket_id").Should().Be("ticket_opened", "replies and resolutions reach their customer's partition through ticket_opened");
        byCustomer.LinkOf("customer_id").Should().BeNull();
    }

    [Fact]
    public void The_domain_keeps_its_declaration()
    {
        TicketDomain domain = TicketDomain.Instance;

        domain.Name.Should().Be("tickets");
        domain.ToString().Should().Be("tickets");
        domain.Schema.Should().BeSameAs(Schema);
        domain.Entity.PartitionKey.Should().Be("ticket_id", "the partition key defaults to the entity key");
        domain.Entity.ReferenceKeys.Should().Equal("queue");
        domain.Label.Should().Be(new LabelDefinition("resolved_late", "late", "on_time"));
        domain.TransformVersion.Should().Be("tickets-1");
    }

    [Fact]
    public void KnownSince_is_the_earliest_recorded_at_of_the_known_by_events()
    {
        EntityHistory history = EntityHistory.Of("ticket_id", "K-1", [
            new Reply("K-1", 1, T - Duration.FromHours(9)),
            Opened(at: T - Duration.FromHours(4), recorded: T - Duration.FromHours(1), id: "a"),
            Opened(at: T - Duration.FromHours(3), recorded: T - Duration.FromHours(2), id: "b"),
            new Resolved("K-1", T - Duration.FromHours(8)),
        ]);

        TicketDomain.Instance.KnownSince(history).Should().Be(T - Duration.FromHours(2));
    }

    [Fact]
    public void KnownSince_is_null_without_a_known_by_event()
    {
        EntityHistory history = EntityHistory.Of("ticket_id", "K-1", [new Reply("K-1", 1, T - Duration.FromHours(9))]);

        TicketDomain.Instance.KnownSince(history).Should().BeNull();
        TicketDomain.Instance.KnownSince(EntityHistory.Empty("ticket_id", "K-1")).Should().BeNull();
    }
}
