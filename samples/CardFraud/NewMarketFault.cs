using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using FeatureContracts.CardFraud.Contract;
using FeatureContracts.CardFraud.Events;
using FeatureContracts.Domains;
using NodaTime;

namespace CardFraud;

/// <summary>
/// The fault the sample injects into its live traffic: from a day on, a new market opens, and every
/// <see cref="Every"/>th authorization is requested in one of its countries, none of which is in the contract's country
/// vocabulary. The events are rewritten before the service receives them, so the event log the monitoring step
/// recomputes parity from is the traffic the scorer saw; the training export is the log as generated.
/// </summary>
internal sealed class NewMarketFault
{
    private NewMarketFault(Instant from, int day, int every, IReadOnlyList<string> countries)
    {
        string[] known = [.. countries.Where(c => CardFraudContract.CountriesV1.Contains(c, StringComparer.Ordinal))];
        if (known.Length > 0)
        {
            throw new ArgumentException($"A new market's countries must be outside the contract's vocabulary; {string.Join(", ", known)} is in it.", nameof(countries));
        }

        From = from;
        Day = day;
        Every = every;
        Countries = countries;
    }

    /// <summary>The instant the new market opens.</summary>
    public Instant From { get; }

    /// <summary>The day of the log it opens on.</summary>
    public int Day { get; }

    /// <summary>One authorization in this many, from <see cref="From"/> on, comes from the new market.</summary>
    public int Every { get; }

    /// <summary>The new market's countries, taken in turn.</summary>
    public IReadOnlyList<string> Countries { get; }

    /// <summary>The fault opening on day <paramref name="day"/> of a log that starts at <paramref name="start"/>.</summary>
    public static NewMarketFault OnDay(Instant start, int day) => new(start + Duration.FromDays(day), day, every: 3, countries: ["MX", "CA", "JP"]);

    /// <summary>The fault, stated plainly.</summary>
    public string Description => string.Create(CultureInfo.InvariantCulture,
        $"fault injected: from day {Day} ({From}) a new market opens: every {Ordinal(Every)} authorization is requested in {string.Join(", ", Countries)}, "
        + $"countries outside the contract's vocabulary ({string.Join(" ", CardFraudContract.CountriesV1)})");

    /// <summary>The events with the fault applied, in the same order; the count of authorizations moved to the new market.</summary>
    public (DomainEvent[] Events, int Moved) Apply(IEnumerable<DomainEvent> events)
    {
        int seen = 0;
        int moved = 0;
        var result = new List<DomainEvent>();
        foreach (DomainEvent e in events)
        {
            if (e is AuthorizationRequested a && a.OccurredAt >= From && seen++ % Every == Every - 1)
            {
                string country = Countries[moved++ % Countries.Count];
                result.Add(new AuthorizationRequested(a.AuthorizationId, a.CardId, a.MerchantId, a.OccurredAt, a.Amount, a.Currency, country, a.CardPresent, a.RecordedAt, a.EventId));
            }
            else
            {
                result.Add(e);
            }
        }

        return ([.. result], moved);
    }

    private static string Ordinal(int n) => n switch
    {
        2 => "second",
        3 => "third",
        4 => "fourth",
        5 => "fifth",
        10 => "tenth",
        _ => string.Create(CultureInfo.InvariantCulture, $"{n}th"),
    };
}
