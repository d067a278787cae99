using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using FeatureContracts.Domains;
using FeatureContracts.Export.Events;
using FeatureContracts.TestDomains.Toy;
using NodaTime;
using static FeatureContracts.Parquet.Tests.EventLogFiles;

namespace FeatureContracts.Parquet.Tests;

/// <summary>The Parquet event writer and source with a domain that is not shipments: columns and rules come from its schema.</summary>
public sealed class ParquetCardEventTests : TempFolderTests
{
    private static readonly EventSchema Cards = CardDomain.Instance.Schema;
    private static readonly Instant T = Instant.FromUtc(2026, 3, 1, 9, 0);

    private static DomainEvent[] EveryKind() =>
    [
        new AuthorizationRequested("A-1", "C-1", 12.5, "M-0", T, T + Duration.FromSeconds(30), "e-1"),
        new CardReported("C-1", T + Duration.FromHours(1)),
        new MerchantRiskMeasured("M-0", 42, T, null, "e-3"),
        new ChargebackFiled("A-1", T + Duration.FromDays(2), null, "e-4"),
    ];

    [Fact]
    public async Task A_log_of_another_domain_has_its_columns_and_reads_back_to_equal_events()
    {
        string path = PathOf("cards.parquet");
        ParquetEventWriter.WriteFile(path, Cards, EveryKind());

        Query($"DESCRIBE SELECT * FROM read_parquet('{path}')").Select(r => ((string)r[0]!, (string)r[1]!)).Should().Equal(
            ("type", "VARCHAR"),
            ("event_id", "VARCHAR"),
            ("authorization_id", "VARCHAR"),
            ("occurred_at", "TIMESTAMP WITH TIME ZONE"),
            ("recorded_at", "TIMESTAMP WITH TIME ZONE"),
            ("card_id", "VARCHAR"),
            ("amount", "DOUBLE"),
            ("merchant", "VARCHAR"),
            ("score", "DOUBLE"));
        var lines = await ReadAsync(new ParquetEventSource(path, new EventLogReaderOptions { RejectUnknownFields = true }));
        lines.Select(l => l.Event).Should().Equal(EveryKind());
    }

    [Fact]
    public async Task Rows_are_checked_by_the_domains_rules_and_name_its_types()
    {
        string path = PathOf("bad.parquet");
        const string At = "TIMESTAMPTZ '2026-03-01 09:00:00+00'";
        DuckDbCopy(
            path,
            "SELECT * FROM (VALUES "
            + $"('teleported', 'A-1', {At}, 'C-1', 1.0, 'M-0'), "
            + $"('authorization_requested', 'A-1', {At}, NULL, 1.0, 'M-0'), "
            + $"('authorization_requested', 'A-1', {At}, 'C-1', -5.0, 'M-0'), "
            + $"('authorization_requested', 'A-2', {At}, 'C-1', 7.5, 'M-1')"
            + ") t(type, authorization_id, occurred_at, card_id, amount, merchant)");

        var lines = await ReadAsync(new ParquetEventSource(path));

        lines[0].Rejection!.Reason.Should().Be("type \"teleported\" is not an event type; expected authorization_requested, card_reported, merchant_risk_measured or chargeback_filed.");
        (lines[1].Rejection!.Field, lines[1].Rejection!.Code).Should().Be(("card_id", LineRejectionCode.MissingField));
        (lines[2].Rejection!.Field, lines[2].Rejection!.Code).Should().Be(("amount", LineRejectionCode.InvalidValue));
        lines[3].Event.Should().Be(new AuthorizationRequested("A-2", "C-1", 7.5, "M-1", T));
    }

    private static async Task<System.Collections.Generic.List<EventLine>> ReadAsync(ParquetEventSource source)
    {
        var lines = new System.Collections.Generic.List<EventLine>();
        await foreach (EventLine line in source.ReadAsync(Cards))
        {
            lines.Add(line);
        }

        return lines;
    }
}
