using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using FeatureContracts.CardFraud;
using FeatureContracts.CardFraud.Contract;
using FeatureContracts.CardFraud.Events;
using FeatureContracts.Domains;
using FeatureContracts.Models;
using FeatureContracts.Serving;
using NodaTime;
using NodaTime.Testing;

namespace CardFraud;

/// <summary>
/// Replays days of the log as live traffic: events arrive in the order they were recorded, and each authorization is
/// scored at the instant it is requested, through the transform the export used. The scores are then judged against
/// the labels the full log gives at the snapshot.
/// </summary>
internal static class LiveStep
{
    public static void Run(PaymentLog log, LogisticRegressionModel model, Instant from, Instant to, Instant snapshot)
    {
        var store = new HistoryStore(CardFraudDomain.Instance.Schema);
        var clock = new FakeClock(from);
        var scorer = new OnlineScorer(store, CardFraudTransform.V1, CardFraudContract.Vectorizer(), model, clock);
        var scores = new List<(string Id, double Score)>();
        int notScored = 0;
        foreach (DomainEvent e in log.Events.Where(e => e.RecordedAt < to))
        {
            store.Append(e);
            if (e is not AuthorizationRequested requested || e.RecordedAt < from)
            {
                continue;
            }

            clock.Reset(requested.RecordedAt);
            ScoreResult result = scorer.Score(requested.AuthorizationId);
            if (result.IsScored)
            {
                scores.Add((requested.AuthorizationId, result.Score!.Value));
            }
            else
            {
                notScored++;
            }
        }

        // The labels as the whole log knows them at the snapshot.
        var known = new HistoryStore(CardFraudDomain.Instance.Schema);
        known.AppendRange(log.Events.Where(e => e.RecordedAt <= snapshot));
        var judged = scores
            .Select(s => (s.Score, Label: CardFraudTransform.V1.LabelAt(known, s.Id, snapshot)))
            .Where(s => s.Label.IsKnown)
            .Select(s => (s.Score, s.Label.Value!.Value))
            .ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"scored {scores.Count} authorizations live ({notScored} not scored); against the labels known at {snapshot}: AUC {BinaryMetrics.Auc(judged):0.000} over {judged.Count}"));
        foreach (var (id, score) in scores.OrderByDescending(s => s.Score).Take(3))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  riskiest: {id} P(chargeback) = {score:0.000}"));
        }
    }
}
