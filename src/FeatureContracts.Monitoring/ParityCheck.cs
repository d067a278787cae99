using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using FeatureContracts.Contracts;
using FeatureContracts.Domains;
using FeatureContracts.Rows;
using FeatureContracts.Serving;
using NodaTime;

namespace FeatureContracts.Monitoring;

/// <summary>How many rows the parity sample had to choose from, how many it took, and what it found per feature.</summary>
/// <param name="Eligible">Serving-log entries with a row (the scorer built one), which the sample is drawn from.</param>
/// <param name="Sampled">Rows recomputed.</param>
/// <param name="RecomputedRejected">Sampled rows the offline path rejected although the serving path built them.</param>
/// <param name="Features">One result per contract feature, in contract order.</param>
public sealed record ParitySummary(long Eligible, long Sampled, long RecomputedRejected, ImmutableArray<ParityResult> Features);

/// <summary>
/// The offline/online parity check: takes a sample of the rows a serving log says the scorer built, recomputes each
/// from the event log as known at its prediction instant through the same <see cref="Transform"/> the training export
/// uses, and counts, per feature, the rows whose served value differs from the recomputed one, with examples.
/// </summary>
/// <remarks>
/// <para>
/// The sample is deterministic and does not depend on the log's order: every eligible row is ranked by the SHA-256 of
/// <c>entity id</c>, a tab and its prediction instant's ISO text, and the <see cref="SampleSize"/> lowest ranks are
/// taken (all rows when there are fewer).
/// </para>
/// <para>
/// Values are compared exactly (numbers bit for bit, as <see cref="FeatureValue"/> equality does): both paths run one
/// function, so any difference means their inputs differed — a serving cache that lagged, a feed that reached one path
/// only. Missing indicators follow their values and are not compared twice. A row the offline path rejects counts as a
/// mismatch of every feature, the rejection standing as the recomputed value.
/// </para>
/// </remarks>
public sealed class ParityCheck
{
    private readonly Transform _transform;
    private readonly IHistoryLookup _events;

    /// <summary>Creates the check.</summary>
    /// <param name="transform">The one transform: the training export's and the scorer's.</param>
    /// <param name="events">The event log as a lookup (for example a <see cref="HistoryStore"/> filled from the log file).</param>
    /// <param name="sampleSize">The most rows to recompute; at least 1.</param>
    /// <param name="examplesPerFeature">The most mismatch examples kept per feature.</param>
    public ParityCheck(Transform transform, IHistoryLookup events, int sampleSize = 1000, int examplesPerFeature = 3)
    {
        ArgumentNullException.ThrowIfNull(transform);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(examplesPerFeature);
        _transform = transform;
        _events = events;
        SampleSize = sampleSize;
        ExamplesPerFeature = examplesPerFeature;
    }

    /// <summary>The most rows recomputed.</summary>
    public int SampleSize { get; }

    /// <summary>The most mismatch examples kept per feature.</summary>
    public int ExamplesPerFeature { get; }

    /// <summary>Runs the check over the entries of a serving log.</summary>
    /// <param name="entries">The serving log's entries; those without a row are not eligible.</param>
    public ParitySummary Run(IEnumerable<ServingLogEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Sampler sampler = CreateSampler();
        foreach (ServingLogEntry entry in entries)
        {
            sampler.Add(entry);
        }

        return Recompute(sampler);
    }

    /// <summary>A sampler of this check's size and contract, fed one entry at a time.</summary>
    internal Sampler CreateSampler() => new(_transform.Contract, SampleSize);

    /// <summary>Recomputes the sampled rows and compares them with the served ones.</summary>
    internal ParitySummary Recompute(Sampler sampler)
    {
        ImmutableArray<FeatureDefinition> features = _transform.Contract.Features;
        ServingLogEntry[] chosen = sampler.Chosen();
        long[] mismatched = new long[features.Length];
        var examples = new List<ParityExample>[features.Length];
        for (int f = 0; f < features.Length; f++)
        {
            examples[f] = [];
        }

        long rejected = 0;
        foreach (ServingLogEntry entry in chosen)
        {
            RowResult recomputed = _transform.BuildRow(_events, entry.EntityId, entry.PredictionInstant);
            string? rejection = recomputed.IsAccepted ? null : "rejected: " + string.Join(", ", recomputed.Rejections.Select(Describe));
            rejected += rejection is null ? 0 : 1;
            for (int f = 0; f < features.Length; f++)
            {
                FeatureValue served = entry.Values[f];
                if (recomputed.Row is { } row && row.Cells[f].Value == served)
                {
                    continue;
                }

                mismatched[f]++;
                if (examples[f].Count < ExamplesPerFeature)
                {
                    examples[f].Add(new ParityExample(
                        entry.EntityId, entry.PredictionInstant, Text(served), rejection ?? Text(recomputed.Row!.Cells[f].Value)));
                }
            }
        }

        var results = ImmutableArray.CreateBuilder<ParityResult>(features.Length);
        for (int f = 0; f < features.Length; f++)
        {
            results.Add(new ParityResult(features[f].Name, chosen.Length, mismatched[f], [.. examples[f]]));
        }

        return new ParitySummary(sampler.Eligible, chosen.Length, rejected, results.MoveToImmutable());
    }

    /// <summary>Keeps the lowest-ranked eligible entries seen so far, in bounded memory.</summary>
    internal sealed class Sampler
    {
        private readonly FeatureContract _contract;
        private readonly int _size;

        // The lowest ranks in a max-heap: the top is the worst entry kept.
        private readonly PriorityQueue<ServingLogEntry, (ulong Rank, string Key)> _kept = new(Comparer<(ulong Rank, string Key)>.Create((a, b) =>
        {
            int byRank = b.Rank.CompareTo(a.Rank);
            return byRank != 0 ? byRank : string.CompareOrdinal(b.Key, a.Key);
        }));

        public Sampler(FeatureContract contract, int size)
        {
            _contract = contract;
            _size = size;
        }

        public long Eligible { get; private set; }

        public void Add(ServingLogEntry entry)
        {
            if (!entry.HasRow)
            {
                return;
            }

            if (entry.Values.Length < _contract.Features.Length)
            {
                throw new ArgumentException(
                    $"The serving-log entry of {entry.EntityId} at {RowCodec.FormatInstant(entry.PredictionInstant)} has {entry.Values.Length} values; contract '{_contract.Name}' has {_contract.Features.Length} features.",
                    nameof(entry));
            }

            Eligible++;
            string key = SampleKey(entry.EntityId, entry.PredictionInstant);
            var rank = (Rank(key), key);
            if (_kept.Count < _size)
            {
                _kept.Enqueue(entry, rank);
            }
            else if (_kept.TryPeek(out _, out var worst) && _kept.Comparer.Compare(rank, worst) > 0)
            {
                _kept.DequeueEnqueue(entry, rank);
            }
        }

        public ServingLogEntry[] Chosen()
            => [.. _kept.UnorderedItems.OrderBy(i => i.Priority.Rank).ThenBy(i => i.Priority.Key, StringComparer.Ordinal).Select(i => i.Element)];
    }

    private static string SampleKey(string entityId, Instant t) => entityId + "\t" + RowCodec.FormatInstant(t);

    private static ulong Rank(string key)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), digest);
        return BinaryPrimitives.ReadUInt64BigEndian(digest);
    }

    private static string Describe(RowRejection rejection)
        => rejection.Feature is null ? RowCodec.FormatCode(rejection.Code) : $"{RowCodec.FormatCode(rejection.Code)} ({rejection.Feature})";

    private static string Text(FeatureValue value) => RowCodec.FormatValue(value) ?? "missing";
}
