using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using FeatureContracts.CardFraud.Events;
using FeatureContracts.Domains;
using FeatureContracts.Sources;
using FeatureContracts.Time;
using NodaTime;

namespace FeatureContracts.CardFraud.Histories;

/// <summary>
/// One authorization as it was known at a prediction instant T: its latest visible request, its card's visible
/// authorizations and block, and its merchant's latest visible risk score. It has no way to reach a chargeback, the
/// label or anything recorded after T: feature code cannot read the future even by mistake.
/// </summary>
public sealed class AuthorizationView : IPointInTimeView
{
    private static readonly WindowIndex<AuthorizationRequested> NoRequests = new([]);

    private readonly EntityHistory? _card;
    private AuthorizationRequested[]? _visible;
    private StrongBox<AuthorizationRequested?>? _previous;

    internal AuthorizationView(
        string authorizationId, Instant predictionInstant, AuthorizationRequested? authorization, EntityHistory? card, MerchantRiskScored? merchantRisk, CardBlocked? cardBlock)
    {
        EntityId = authorizationId;
        PredictionInstant = predictionInstant;
        Authorization = authorization;
        _card = card;
        MerchantRisk = merchantRisk;
        CardBlock = cardBlock;
    }

    /// <summary>The authorization id.</summary>
    public string EntityId { get; }

    /// <summary>The prediction instant T.</summary>
    public Instant PredictionInstant { get; }

    /// <summary>The authorization's latest request visible at T (as-of, with the usual tie-breaks), or <see langword="null"/>.</summary>
    public AuthorizationRequested? Authorization { get; }

    /// <summary>The merchant's latest risk score visible at T (before any max age), or <see langword="null"/>.</summary>
    public MerchantRiskScored? MerchantRisk { get; }

    /// <summary>The card's latest block visible at T, or <see langword="null"/> if no block of the card is visible.</summary>
    public CardBlocked? CardBlock { get; }

    /// <summary>
    /// The card's authorization requests visible at T, this authorization's included, in input order (gathered on
    /// first read).
    /// </summary>
    public ImmutableArray<AuthorizationRequested> CardAuthorizations
    {
        get
        {
            AuthorizationRequested[]? visible = Volatile.Read(ref _visible);
            if (visible is null)
            {
                ReadOnlySpan<AuthorizationRequested> all = _card is null ? [] : _card.All<AuthorizationRequested>();
                var list = new List<AuthorizationRequested>(all.Length);
                foreach (AuthorizationRequested requested in all)
                {
                    if (requested.IsVisibleAt(PredictionInstant))
                    {
                        list.Add(requested);
                    }
                }

                visible = [.. list];
                Volatile.Write(ref _visible, visible);
            }

            return ImmutableCollectionsMarshal.AsImmutableArray(visible);
        }
    }

    /// <summary>
    /// The card's previous authorization: among the card's requests visible at T of another authorization that occurred
    /// at or before this one, the one that occurred last (an equal <c>occurred_at</c> counts as before; ties go to the
    /// greater <c>recorded_at</c>, then the later arrival, as in every as-of lookup). <see langword="null"/> when there is
    /// none. O(n) in the card's requests, computed on first read.
    /// </summary>
    public AuthorizationRequested? PreviousAuthorization
    {
        get
        {
            StrongBox<AuthorizationRequested?>? previous = Volatile.Read(ref _previous);
            if (previous is null)
            {
                previous = new StrongBox<AuthorizationRequested?>(FindPrevious());
                Volatile.Write(ref _previous, previous);
            }

            return previous.Value;
        }
    }

    /// <summary>The card's latest request visible at T (as-of, with the usual tie-breaks), or <see langword="null"/>.</summary>
    public AuthorizationRequested? LatestCardAuthorization => _card?.AsOf<AuthorizationRequested>(PredictionInstant);

    /// <summary>
    /// How many of the card's requests visible at T occurred in the window (T − <paramref name="window"/>, T], this
    /// authorization's included when it occurred in the window. Each request event counts (a repeated request with
    /// another <c>event_id</c> counts again). O(log n) plus the requests in the window.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="window"/> is not positive.</exception>
    public long CardAuthorizationsIn(Duration window)
        => (_card?.Window<AuthorizationRequested>() ?? NoRequests).CountIn(PredictionInstant, window);

    private AuthorizationRequested? FindPrevious()
    {
        if (Authorization is not { } current || _card is null)
        {
            return null;
        }

        ReadOnlySpan<AuthorizationRequested> all = _card.All<AuthorizationRequested>();
        AuthorizationRequested? best = null;
        int bestPosition = -1;
        for (int i = 0; i < all.Length; i++)
        {
            AuthorizationRequested candidate = all[i];
            if (candidate.IsVisibleAt(PredictionInstant)
                && candidate.OccurredAt <= current.OccurredAt
                && !string.Equals(candidate.AuthorizationId, current.AuthorizationId, StringComparison.Ordinal)
                && (best is null || TimeRules.CompareAsOf(candidate, i, best, bestPosition) > 0))
            {
                best = candidate;
                bestPosition = i;
            }
        }

        return best;
    }
}
