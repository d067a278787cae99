using System;
using FeatureContracts.CardFraud.Events;
using FeatureContracts.Domains;
using FeatureContracts.Time;
using NodaTime;

namespace FeatureContracts.CardFraud.Labels;

/// <summary>
/// The label <c>chargeback_within_60d</c>: 1 (chargeback) iff a chargeback of the authorization occurred before its
/// deadline, the instant the authorization was requested plus exactly 60 days (1,440 hours; no calendar or zone is
/// involved); 0 (no chargeback) otherwise.
/// </summary>
public static class ChargebackLabel
{
    /// <summary>The label's column name.</summary>
    public const string Name = "chargeback_within_60d";

    /// <summary>How long after its request a chargeback counts: 60 days of 24 hours.</summary>
    public static Duration Horizon { get; } = Duration.FromDays(60);

    /// <summary>The deadline of <paramref name="authorization"/>: its <c>occurred_at</c> plus <see cref="Horizon"/>. A chargeback at or after it does not count.</summary>
    public static Instant Deadline(AuthorizationRequested authorization)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        return authorization.OccurredAt + Horizon;
    }

    /// <summary>
    /// The label as the events visible at <paramref name="snapshot"/> give it, from the authorization's history. Unknown
    /// while no request of the authorization is visible. Otherwise, with the deadline of its as-of request:
    /// <list type="bullet">
    /// <item>its value is 1 iff a chargeback visible at the snapshot occurred before the deadline, else 0: a chargeback
    /// within 60 days but recorded after the deadline reads as 0 until its record arrives, and each export states its
    /// snapshot, so both answers are reproducible;</item>
    /// <item>it became known at min(earliest <c>recorded_at</c> of the chargebacks visible at the snapshot, deadline), and
    /// is known iff that instant is at or before the snapshot (a visible chargeback, or the deadline reached).</item>
    /// </list>
    /// </summary>
    /// <exception cref="ArgumentException">The history is not an authorization's.</exception>
    public static LabelState At(EntityHistory authorization, Instant snapshot)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        if (authorization.Key != CardFraudDomain.AuthorizationKey)
        {
            throw new ArgumentException($"The history is of '{authorization.Key}' {authorization.Id}, not of an authorization.", nameof(authorization));
        }

        if (authorization.AsOf<AuthorizationRequested>(snapshot) is not { } requested)
        {
            return LabelState.Unknown;
        }

        Instant deadline = Deadline(requested);
        Instant knownAt = deadline;
        bool chargeback = false;
        foreach (ChargebackFiled filed in authorization.All<ChargebackFiled>())
        {
            if (filed.IsVisibleAt(snapshot))
            {
                chargeback |= filed.OccurredAt < deadline;
                if (filed.RecordedAt < knownAt)
                {
                    knownAt = filed.RecordedAt;
                }
            }
        }

        return knownAt <= snapshot ? LabelState.Known(chargeback, knownAt) : LabelState.Unknown;
    }
}
