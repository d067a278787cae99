using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using FeatureContracts.Export.Events;
using FeatureContracts.Export.IO;
using FeatureContracts.Export.Points;
using FeatureContracts.Export.Sharding;
using FeatureContracts.Export.Sinks;
using FeatureContracts.Export.Statistics;
using FeatureContracts.Export.Text;
using FeatureContracts.Rows;
using FeatureContracts.Shipments;
using FeatureContracts.Shipments.Events;
using FeatureContracts.Shipments.Histories;
using FeatureContracts.Shipments.Labels;
using NodaTime;

namespace FeatureContracts.Export;

/// <summary>
/// Exports labelled training rows "as known at" a snapshot S: the exact rows the online scorer would have
/// computed at each prediction point, through the same <see cref="ShipmentTransform"/>, from event logs of any
/// size, reproducibly.
/// </summary>
/// <remarks>
/// <para>Only events recorded at or before S exist for the export, so rerunning with the same S on a log that has
/// grown since gives byte-identical rows. Labels are joined only when known by S; a row whose label is not yet
/// known is immature: counted, never exported as 0.</para>
/// <para>Memory is bounded by partition-and-spill: the first pass streams the events once, keeps the warehouse
/// backlog timeline (which grows with measurements, not with orders) and writes each order's events and points to
/// one of P spill files by a stable hash of the order id; the second pass builds the rows of one partition at a
/// time. Memory therefore grows with the size of one partition (about <see cref="ExportOptions.PartitionBytes"/>
/// of input), not with the number of orders, whether or not the log is grouped by order.</para>
/// <para>Rows come out ordered by (stable hash of the order id, order id, prediction time, input position). The
/// order does not depend on P, and shard K/N owns the K-th of N contiguous hash ranges, so concatenating the shards'
/// outputs in K order gives the single-process output.</para>
/// </remarks>
public sealed class TrainingExporter
{
    private static readonly JsonSerializerOptions RejectJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Creates an exporter that builds rows with <paramref name="transform"/>.</summary>
    public TrainingExporter(ShipmentTransform transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        Transform = transform;
    }

    /// <summary>The one transform every row goes through.</summary>
    public ShipmentTransform Transform { get; }

    /// <summary>
    /// Exports to files, each appearing atomically: the rows at <paramref name="outputPath"/>, the manifest at
    /// <c>{outputPath}.manifest.json</c> and every rejected line or point at <c>{outputPath}.rejects.jsonl</c>.
    /// </summary>
    /// <param name="events">The event input.</param>
    /// <param name="points">The prediction points.</param>
    /// <param name="outputPath">The rows file.</param>
    /// <param name="sinkFactory">Creates the format's sink over a stream, e.g. <c>s =&gt; new CsvRowSink(s)</c>.</param>
    /// <param name="options">The snapshot, shard and spill settings.</param>
    /// <param name="cancellationToken">Cancels the export; no output file then appears.</param>
    public async Task<ExportManifest> ExportToFileAsync(
        EventSource events, PointSource points, string outputPath, Func<Stream, IRowSink> sinkFactory, ExportOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputPath);
        ArgumentNullException.ThrowIfNull(sinkFactory);
        using AtomicFile rowsFile = AtomicFile.Create(outputPath);
        using AtomicFile rejectsFile = AtomicFile.Create(outputPath + ".rejects.jsonl");
        using AtomicFile manifestFile = AtomicFile.Create(outputPath + ".manifest.json");

        ExportManifest manifest;
        string format;
        using (IRowSink sink = sinkFactory(rowsFile.Stream))
        using (var rejects = new StreamWriter(rejectsFile.Stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" })
        {
            format = sink.Format;
            manifest = await ExportAsync(events, points, sink, options, rejects, cancellationToken).ConfigureAwait(false);
        }

        rowsFile.Stream.Position = 0;
        string digest = Convert.ToHexStringLower(await SHA256.HashDataAsync(rowsFile.Stream, cancellationToken).ConfigureAwait(false));
        manifest = manifest with { Outputs = [new OutputFile(Path.GetFileName(outputPath), format, manifest.Points.Exported, digest)] };
        await manifestFile.Stream.WriteAsync(Encoding.UTF8.GetBytes(manifest.ToJson()), cancellationToken).ConfigureAwait(false);

        rowsFile.Commit();
        rejectsFile.Commit();
        manifestFile.Commit();
        return manifest;
    }

    /// <summary>
    /// Exports rows to <paramref name="sink"/> and returns the manifest (without outputs, which the caller owns).
    /// Every unusable event line, unusable point line and rejected point is written to <paramref name="rejects"/>
    /// as one JSON object per line, when given.
    /// </summary>
    public async Task<ExportManifest> ExportAsync(
        EventSource events, PointSource points, IRowSink sink, ExportOptions options, TextWriter? rejects = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(options);

        int partitions = ChoosePartitions(events, options);
        string spill = Path.Combine(options.TemporaryDirectory ?? Path.GetTempPath(), "featurecontracts-spill-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(spill);
        try
        {
            var run = new Run(this, options, partitions, spill, sink, rejects);
            await run.ReadEventsAsync(events, cancellationToken).ConfigureAwait(false);
            run.ReadPoints(points);
            run.BuildRows(points.Schedule, cancellationToken);
            return run.Manifest(
                [
                    await DigestAsync("events", events.Name, events.FilePath, run.CanonicalEventsDigest, cancellationToken).ConfigureAwait(false),
                    await DigestAsync("points", points.Name, points.FilePath, points.Schedule is null ? run.CanonicalPointsDigest : null, cancellationToken).ConfigureAwait(false),
                ]);
        }
        finally
        {
            Directory.Delete(spill, recursive: true);
        }
    }

    private static int ChoosePartitions(EventSource events, ExportOptions options)
    {
        if (options.Partitions > 0)
        {
            return options.Partitions;
        }

        long bytes = events.FilePath is { } path ? new FileInfo(path).Length : 0;
        long perPartition = Math.Max(1, options.PartitionBytes);
        return (int)Math.Clamp((bytes + perPartition - 1) / perPartition, 1, 1024);
    }

    private static async Task<InputDigest> DigestAsync(string role, string name, string? path, string? canonical, CancellationToken cancellationToken)
    {
        if (path is not null)
        {
            using FileStream file = File.OpenRead(path);
            return new InputDigest(role, name, "file", Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false)));
        }

        return canonical is null ? new InputDigest(role, name, "none", string.Empty) : new InputDigest(role, name, "canonical", canonical);
    }

    private static string ReasonKey(RowRejection rejection)
    {
        string code = JsonNamingPolicy.SnakeCaseLower.ConvertName(rejection.Code.ToString());
        return rejection.Feature is null ? code : code + ":" + rejection.Feature;
    }

    private static string CodeKey(LineRejectionCode code) => JsonNamingPolicy.SnakeCaseLower.ConvertName(code.ToString());

    /// <summary>The state of one export run.</summary>
    private sealed class Run
    {
        private readonly TrainingExporter _exporter;
        private readonly ExportOptions _options;
        private readonly int _partitions;
        private readonly string _spill;
        private readonly IRowSink _sink;
        private readonly TextWriter? _rejects;
        private readonly List<BacklogMeasured> _backlog = [];
        private readonly SortedDictionary<string, long> _lineRejections = new(StringComparer.Ordinal);
        private readonly SortedDictionary<string, long> _pointRejections = new(StringComparer.Ordinal);
        private readonly ExportStatistics _statistics;
        private readonly Instant _snapshot;
        private readonly ShardSpec _shard;
        private long _linesRead;
        private long _accepted;
        private long _afterSnapshot;
        private long _pointsRead;
        private long _exported;
        private long _immature;
        private BacklogTimeline _timeline = BacklogTimeline.Empty;

        public Run(TrainingExporter exporter, ExportOptions options, int partitions, string spill, IRowSink sink, TextWriter? rejects)
        {
            _exporter = exporter;
            _options = options;
            _partitions = partitions;
            _spill = spill;
            _sink = sink;
            _rejects = rejects;
            _snapshot = options.Snapshot;
            _shard = options.Shard;
            _statistics = new ExportStatistics(exporter.Transform.Contract);
        }

        public string? CanonicalEventsDigest { get; private set; }

        public string? CanonicalPointsDigest { get; private set; }

        private bool ReportsInputRejections => _shard.Index == 0;

        public async Task ReadEventsAsync(EventSource events, CancellationToken cancellationToken)
        {
            var writers = new EventLogWriter?[_partitions];
            using var canonical = new HashingStream();
            using var canonicalWriter = new EventLogWriter(canonical, leaveOpen: true);
            try
            {
                await foreach (EventLine line in events.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    _linesRead++;
                    if (_linesRead % 100_000 == 0)
                    {
                        _options.Progress?.Report(new ExportProgress("reading", _linesRead, null, 0));
                    }

                    if (line.Rejection is { } rejection)
                    {
                        Count(_lineRejections, CodeKey(rejection.Code));
                        if (ReportsInputRejections)
                        {
                            WriteReject(new { Source = "events", Line = rejection.LineNumber, rejection.Field, Code = CodeKey(rejection.Code), rejection.Reason });
                        }

                        continue;
                    }

                    ShipmentEvent e = line.Event!;
                    _accepted++;
                    canonicalWriter.Write(e);
                    if (e.RecordedAt > _snapshot)
                    {
                        _afterSnapshot++;
                        continue;
                    }

                    switch (e)
                    {
                        case BacklogMeasured measured:
                            _backlog.Add(measured);
                            break;
                        case OrderEvent order:
                            ulong hash = StableHash.Of(order.OrderId);
                            if (ShardSpec.RangeOf(hash, _shard.Count) == _shard.Index)
                            {
                                int p = ShardSpec.RangeOf(hash, _partitions);
                                (writers[p] ??= new EventLogWriter(Create(EventsFile(p)))).Write(order);
                            }

                            break;
                    }
                }
            }
            finally
            {
                foreach (EventLogWriter? writer in writers)
                {
                    writer?.Dispose();
                }
            }

            canonicalWriter.Flush();
            CanonicalEventsDigest = canonical.Digest();
            _timeline = BacklogTimeline.Of(_backlog);
        }

        public void ReadPoints(PointSource points)
        {
            var writers = new StreamWriter?[_partitions];
            using var canonical = new HashingStream();
            using var canonicalText = new StreamWriter(canonical, new UTF8Encoding(false), 1 << 12, leaveOpen: true) { NewLine = "\n" };
            try
            {
                foreach (PointLine line in points.Read())
                {
                    if (line.Rejection is { } rejection)
                    {
                        if (ReportsInputRejections)
                        {
                            _pointsRead++;
                            Count(_pointRejections, "invalid_point:" + CodeKey(rejection.Code));
                            WriteReject(new { Source = "points", Line = rejection.LineNumber, rejection.Field, Code = CodeKey(rejection.Code), rejection.Reason });
                        }

                        continue;
                    }

                    PredictionPoint point = line.Point!;
                    string time = IsoInstant.Format(point.PredictionTime);
                    canonicalText.WriteLine(JsonSerializer.Serialize(new { order_id = point.OrderId, prediction_time = time }));
                    ulong hash = StableHash.Of(point.OrderId);
                    if (ShardSpec.RangeOf(hash, _shard.Count) != _shard.Index)
                    {
                        continue;
                    }

                    int p = ShardSpec.RangeOf(hash, _partitions);
                    StreamWriter writer = writers[p] ??= new StreamWriter(Create(PointsFile(p)), new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
                    writer.WriteLine(JsonSerializer.Serialize(new SpilledPoint(point.OrderId, time, line.LineNumber)));
                }
            }
            finally
            {
                foreach (StreamWriter? writer in writers)
                {
                    writer?.Dispose();
                }
            }

            canonicalText.Flush();
            CanonicalPointsDigest = canonical.Digest();
        }

        public void BuildRows(SchedulePolicy? schedule, CancellationToken cancellationToken)
        {
            _sink.Begin(_exporter.Transform.Contract);
            for (int p = 0; p < _partitions; p++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Dictionary<string, List<OrderEvent>> events = ReadSpilledEvents(p);
                Dictionary<string, List<SpilledPoint>> points = ReadSpilledPoints(p);
                IEnumerable<string> orders = schedule is null ? points.Keys : events.Keys;
                foreach (string orderId in orders.OrderBy(StableHash.Of).ThenBy(id => id, StringComparer.Ordinal))
                {
                    ShipmentHistory history = ShipmentHistory.Of(orderId, events.GetValueOrDefault(orderId) ?? []);
                    IEnumerable<Instant> instants = schedule is null
                        ? points[orderId].Select(x => Parse(x.PredictionTime))
                        : schedule.PointsFor(history, _snapshot);
                    BuildRows(history, instants);
                }

                _options.Progress?.Report(new ExportProgress("building", p + 1, _partitions, _exported));
            }

            _sink.Complete();
        }

        public ExportManifest Manifest(IReadOnlyList<InputDigest> inputs)
        {
            var contract = _exporter.Transform.Contract;
            return new ExportManifest(
                ExportManifest.CurrentFormatVersion,
                new ContractIdentity(contract.Name, contract.Version, contract.Fingerprint),
                ShipmentTransform.Version,
                IsoInstant.Format(_snapshot),
                new ShardIdentity(_shard.Index, _shard.Count),
                inputs,
                [],
                new EventCounts(_linesRead, _accepted, _lineRejections, _afterSnapshot, _accepted - _afterSnapshot),
                new PointCounts(_pointsRead, _exported, _immature, _pointRejections),
                _statistics.Snapshot());
        }

        private void BuildRows(ShipmentHistory history, IEnumerable<Instant> instants)
        {
            DeliveryLabelState? label = LateDeliveryLabel.At(history, _snapshot);
            foreach (Instant t in instants)
            {
                _pointsRead++;
                if (t > _snapshot)
                {
                    Count(_pointRejections, "prediction_after_snapshot");
                    WriteReject(new { Source = "row", OrderId = history.OrderId, PredictionTime = IsoInstant.Format(t), Code = "prediction_after_snapshot", Reason = $"the prediction instant is after the snapshot {IsoInstant.Format(_snapshot)}" });
                    continue;
                }

                RowResult result = _exporter.Transform.BuildRow(history, _timeline, t);
                if (!result.IsAccepted)
                {
                    RowRejection first = result.Rejections[0];
                    Count(_pointRejections, ReasonKey(first));
                    foreach (RowRejection r in result.Rejections)
                    {
                        WriteReject(new { Source = "row", OrderId = history.OrderId, PredictionTime = IsoInstant.Format(t), r.Feature, Code = ReasonKey(r), AttemptedValue = r.AttemptedValue, Reason = r.Message });
                    }
                }
                else if (label is { IsKnown: true, IsLate: { } late })
                {
                    _sink.Write(result.Row, late);
                    _statistics.Add(result.Row, late);
                    _exported++;
                }
                else
                {
                    _immature++;
                }
            }
        }

        private Dictionary<string, List<OrderEvent>> ReadSpilledEvents(int p)
        {
            var byOrder = new Dictionary<string, List<OrderEvent>>(StringComparer.Ordinal);
            string path = EventsFile(p);
            if (!File.Exists(path))
            {
                return byOrder;
            }

            foreach (EventLine line in new EventLogReader().ReadFile(path))
            {
                if (line.Event is not OrderEvent e)
                {
                    throw new InvalidDataException($"Spill file {path} is corrupt at line {line.LineNumber}: {line.Rejection}");
                }

                if (!byOrder.TryGetValue(e.OrderId, out var list))
                {
                    byOrder[e.OrderId] = list = [];
                }

                list.Add(e);
            }

            return byOrder;
        }

        private Dictionary<string, List<SpilledPoint>> ReadSpilledPoints(int p)
        {
            var byOrder = new Dictionary<string, List<SpilledPoint>>(StringComparer.Ordinal);
            string path = PointsFile(p);
            if (!File.Exists(path))
            {
                return byOrder;
            }

            foreach (string text in File.ReadLines(path))
            {
                SpilledPoint point = JsonSerializer.Deserialize<SpilledPoint>(text)!;
                if (!byOrder.TryGetValue(point.OrderId, out var list))
                {
                    byOrder[point.OrderId] = list = [];
                }

                list.Add(point);
            }

            // Same instant twice: keep input order, so the output never depends on the partition layout.
            foreach (List<SpilledPoint> list in byOrder.Values)
            {
                list.Sort((a, b) => Parse(a.PredictionTime).CompareTo(Parse(b.PredictionTime)) is var c && c != 0 ? c : a.Line.CompareTo(b.Line));
            }

            return byOrder;
        }

        private static Instant Parse(string iso) => IsoInstant.TryParse(iso, out Instant t, out string? _) ? t : throw new InvalidDataException($"Spilled instant '{iso}' is corrupt.");

        private static FileStream Create(string path) => new(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);

        private static void Count(SortedDictionary<string, long> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

        private string EventsFile(int p) => Path.Combine(_spill, $"events-{p:D4}.jsonl");

        private string PointsFile(int p) => Path.Combine(_spill, $"points-{p:D4}.jsonl");

        private void WriteReject(object record) => _rejects?.WriteLine(JsonSerializer.Serialize(record, RejectJson));
    }

    private sealed record SpilledPoint(string OrderId, string PredictionTime, long Line);
}
