using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using FeatureContracts.Domains;
using FeatureContracts.Export.Events;
using FeatureContracts.Export.Exporting;
using FeatureContracts.Export.IO;
using FeatureContracts.Export.Points;
using FeatureContracts.Export.Sharding;
using FeatureContracts.Export.Sinks;
using FeatureContracts.Export.Statistics;
using FeatureContracts.Export.Text;
using FeatureContracts.Rows;
using NodaTime;

namespace FeatureContracts.Export;

/// <summary>
/// Exports labelled training rows "as known at" a snapshot S for any domain: the exact rows the online scorer would
/// have computed at each prediction point, through the same <see cref="Domains.Transform"/>, from event logs of any
/// size, reproducibly.
/// </summary>
/// <remarks>
/// <para>Only events recorded at or before S exist for the export, so rerunning with the same S on a log that has
/// grown since gives byte-identical rows. Labels are joined only when known by S; a row whose label is not yet
/// known is immature: counted, never exported as 0.</para>
/// <para>Memory is bounded by partition-and-spill, laid out by the domain's <see cref="EntityLayout"/>. The first pass
/// streams the events once: events keyed by reference data (<see cref="EntityLayout.ReferenceKeys"/>, e.g. warehouse
/// backlogs, which grow with time, not with entities) go to one in-memory <see cref="HistoryStore"/> every partition
/// reads; events carrying the partition key (<see cref="EntityLayout.PartitionKey"/>) are written to one of P spill
/// files by a stable hash of its value. Events keyed only by a linked key (<see cref="Domain.LinkOf"/>: a chargeback
/// keyed by its authorization, which an <c>authorization_requested</c> event links to a card) reach their partition
/// through a bounded-memory hash join: the links (key value → partition key value) and the waiting events are spilled
/// by the hash of the linked value and resolved one hash bucket at a time; prediction points are resolved likewise when
/// the row entity's key is not the partition key. A linked value is laid out by its first link in input order; one no
/// link names forms a unit of its own. The second pass builds the rows of one partition at a time from a
/// <see cref="HistoryStore"/> of that partition's events (the reference store answering reference keys), so memory
/// grows with the size of one partition (about <see cref="ExportOptions.PartitionBytes"/> of input), not with the
/// number of entities, whether or not the log is grouped by entity.</para>
/// <para>Rows come out ordered by (stable hash of the partition key value, that value, entity id, prediction time,
/// input position). The order does not depend on P, and shard K/N owns the K-th of N contiguous hash ranges, so
/// concatenating the shards' outputs in K order gives the single-process output.</para>
/// </remarks>
public sealed class TrainingExporter
{
    /// <summary>Creates an exporter that builds rows with <paramref name="transform"/>, for its domain.</summary>
    public TrainingExporter(Transform transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        Transform = transform;
        Layout = new PartitionLayout(transform.Domain);
    }

    /// <summary>The one transform every row goes through.</summary>
    public Transform Transform { get; }

    /// <summary>The domain whose events are read and whose entities get rows.</summary>
    public Domain Domain => Transform.Domain;

    private PartitionLayout Layout { get; }

    /// <summary>
    /// Exports to three files committed as one unit: the rows at <paramref name="outputPath"/>, every rejected line
    /// or point at <c>{outputPath}.rejects.jsonl</c>, and the manifest at <c>{outputPath}.manifest.json</c>, which names
    /// the length and SHA-256 of the other two and appears last (<see cref="ExportVerifier"/> checks a set).
    /// </summary>
    /// <remarks>
    /// The files are written under temporary names and renamed into place only once the export is done: the old
    /// manifest is removed first, then the rows and rejects are renamed, and the new manifest last. A failure or a
    /// cancellation before that leaves the files already at those paths as they were and removes every temporary file
    /// and the spill folder (a failing rename within the commit leaves the set without a manifest: incomplete); a
    /// process killed at any point leaves either a set whose manifest matches its files or no manifest, never a
    /// complete-looking but wrong set, and its leftovers are removed by the next export.
    /// </remarks>
    /// <param name="events">The event input.</param>
    /// <param name="points">The prediction points.</param>
    /// <param name="outputPath">The rows file.</param>
    /// <param name="sinkFactory">Creates the format's sink over a stream, e.g. <c>s =&gt; new CsvRowSink(s)</c>.</param>
    /// <param name="options">The snapshot, shard and spill settings.</param>
    /// <param name="cancellationToken">Cancels the export; no output file then appears and nothing is left behind.</param>
    /// <exception cref="IOException">
    /// A path is a folder, a folder cannot be created or written (checked before any work), or a read or write
    /// failed (e.g. a full disk); the message names the path.
    /// </exception>
    /// <exception cref="UnauthorizedAccessException">A folder or file may not be written or read.</exception>
    /// <exception cref="OperationCanceledException">The export was cancelled.</exception>
    public async Task<ExportManifest> ExportToFileAsync(
        EventSource events, PointSource points, string outputPath, Func<Stream, IRowSink> sinkFactory, ExportOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputPath);
        ArgumentNullException.ThrowIfNull(sinkFactory);
        using ExportFiles files = ExportFiles.Create(outputPath);
        try
        {
            ExportManifest manifest;
            string format;
            IRowSink sink = sinkFactory(files.Rows.Stream);
            var rejects = new StreamWriter(files.Rejects.Stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
            bool written = false;
            try
            {
                format = sink.Format;
                manifest = await ExportAsync(events, points, sink, options, rejects, cancellationToken).ConfigureAwait(false);
                await rejects.FlushAsync(cancellationToken).ConfigureAwait(false);
                written = true;
            }
            finally
            {
                // After a failure what is still buffered is worth nothing, and flushing it (to a full disk) must not
                // take the place of the failure itself.
                Release(sink, quietly: !written);
                Release(rejects, quietly: !written);
            }

            FileDigest rows = await files.Rows.SealAsync(cancellationToken).ConfigureAwait(false);
            FileDigest rejected = await files.Rejects.SealAsync(cancellationToken).ConfigureAwait(false);
            manifest = manifest with { Outputs = [new OutputFile(rows.File, format, manifest.Points.Exported, rows.Sha256, rows.Bytes, rejected)] };
            await files.Manifest.Stream.WriteAsync(Encoding.UTF8.GetBytes(manifest.ToJson()), cancellationToken).ConfigureAwait(false);

            // The last point at which cancelling leaves the folder as it was; the commit is a few renames, never cut short.
            cancellationToken.ThrowIfCancellationRequested();
            files.Commit();
            return manifest;
        }
        catch (Exception e) when (files.Explain(e) is { } explained)
        {
            throw explained;
        }
    }

    private static void Release(IDisposable disposable, bool quietly)
    {
        try
        {
            disposable.Dispose();
        }
        catch (IOException) when (quietly)
        {
        }
    }

    /// <summary>
    /// Exports rows to <paramref name="sink"/> (begun with <see cref="RowLayout.For(Transform)"/>) and
    /// returns the manifest (without outputs, which the caller owns). Every unusable event line, unusable point line
    /// and rejected point is written to <paramref name="rejects"/> as one JSON object per line, when given.
    /// </summary>
    public async Task<ExportManifest> ExportAsync(
        EventSource events, PointSource points, IRowSink sink, ExportOptions options, TextWriter? rejects = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(options);

        int partitions = ChoosePartitions(events, options);
        // Removed on every way out; a killed run's folder is removed by the next export (see SpillFolder).
        using SpillFolder spill = SpillFolder.Create(options.TemporaryDirectory ?? Path.GetTempPath());
        try
        {
            var run = new Run(this, options, partitions, spill.Path, sink, rejects);
            await run.ReadEventsAsync(events, cancellationToken).ConfigureAwait(false);
            run.ReadPoints(points, cancellationToken);
            run.Join(cancellationToken);
            run.BuildRows(points.Schedule, cancellationToken);
            return run.Manifest(
                [
                    await DigestAsync("events", events.Name, events.FilePath, run.CanonicalEventsDigest, cancellationToken).ConfigureAwait(false),
                    await DigestAsync("points", points.NameFor(Domain), points.FilePath, points.Schedule is null ? run.CanonicalPointsDigest : null, cancellationToken).ConfigureAwait(false),
                ]);
        }
        catch (Exception e) when (spill.Explain(e) is { } explained)
        {
            throw explained;
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
        string code = RowCodec.FormatCode(rejection.Code);
        return rejection.Feature is null ? code : code + ":" + rejection.Feature;
    }

    private static string CodeKey(LineRejectionCode code) => RowCodec.FormatCode(code);

    /// <summary>The state of one export run.</summary>
    private sealed class Run
    {
        private readonly TrainingExporter _exporter;
        private readonly PartitionLayout _layout;
        private readonly ExportOptions _options;
        private readonly int _partitions;
        private readonly string _spill;
        private readonly IRowSink _sink;
        private readonly TextWriter? _rejects;
        private readonly HistoryStore _reference;
        private readonly EventLogReader _spillReader;
        private readonly SortedDictionary<string, long> _lineRejections = new(StringComparer.Ordinal);
        private readonly SortedDictionary<string, long> _pointRejections = new(StringComparer.Ordinal);
        private readonly ExportStatistics _statistics;
        private readonly Instant _snapshot;
        private readonly ShardSpec _shard;
        private readonly ArrayBufferWriter<byte> _rejectBuffer = new(1024);
        private long _linesRead;
        private long _accepted;
        private long _afterSnapshot;
        private long _pointsRead;
        private long _exported;
        private long _immature;

        public Run(TrainingExporter exporter, ExportOptions options, int partitions, string spill, IRowSink sink, TextWriter? rejects)
        {
            _exporter = exporter;
            _layout = exporter.Layout;
            _options = options;
            _partitions = partitions;
            _spill = spill;
            _sink = sink;
            _rejects = rejects;
            _snapshot = options.Snapshot;
            _shard = options.Shard;
            _reference = new HistoryStore(_layout.Schema);
            _spillReader = new EventLogReader(_layout.Schema, new EventLogReaderOptions { MaxLineBytes = EventLogReaderOptions.MaxLineBytesLimit });
            _statistics = new ExportStatistics(exporter.Transform.Contract, exporter.Domain.Label);
        }

        public string? CanonicalEventsDigest { get; private set; }

        public string? CanonicalPointsDigest { get; private set; }

        private bool ReportsInputRejections => _shard.Index == 0;

        private string EntityKey => _layout.EntityKey;

        /// <summary>The first pass: reads every event once, keeps reference data, spills the rest by partition or by link bucket.</summary>
        public async Task ReadEventsAsync(EventSource events, CancellationToken cancellationToken)
        {
            var writers = new EventSpillWriter?[_partitions];
            var buckets = new BucketWriter?[_partitions];
            EventSchema schema = _layout.Schema;
            using var canonical = new HashingStream();

            // Each event is written once, in the log's canonical form: the manifest digests those bytes and the spill
            // files hold them.
            using var line = new MemoryStream();
            using var lineWriter = new EventLogWriter(schema, line, leaveOpen: true);
            long seq = 0;
            try
            {
                await foreach (EventLine read in events.ReadAsync(schema, cancellationToken).ConfigureAwait(false))
                {
                    _linesRead++;
                    if (_linesRead % 100_000 == 0)
                    {
                        _options.Progress?.Report(new ExportProgress("reading", _linesRead, null, 0));
                    }

                    DomainEvent? e = read.Event;
                    if ((read.Rejection ?? Refused(lineWriter, line, read)) is { } rejection)
                    {
                        Count(_lineRejections, CodeKey(rejection.Code));
                        if (ReportsInputRejections)
                        {
                            WriteReject(("source", "events"), ("line", rejection.LineNumber), ("field", rejection.Field), ("code", CodeKey(rejection.Code)), ("reason", rejection.Reason));
                        }

                        continue;
                    }

                    ReadOnlySpan<byte> canonicalLine = line.GetBuffer().AsSpan(0, (int)line.Length);
                    canonical.Write(canonicalLine);
                    ReadOnlySpan<byte> json = canonicalLine[..^1];
                    _accepted++;
                    if (e!.RecordedAt > _snapshot)
                    {
                        _afterSnapshot++;
                        continue;
                    }

                    seq++;
                    EventTypeSchema type = schema.TypeOf(e);
                    PartitionLayout.TypeRoute route = _layout.RouteOf(type);
                    switch (route.Placement)
                    {
                        case Placement.Reference:
                            _reference.Append(e);
                            break;
                        case Placement.Partition:
                            string value = type.KeyOf(e, _layout.PartitionKey)!;
                            ulong hash = Sharding.StableHash.Of(value);
                            if (ShardSpec.RangeOf(hash, _shard.Count) == _shard.Index)
                            {
                                int p = ShardSpec.RangeOf(hash, _partitions);
                                (writers[p] ??= new EventSpillWriter(EventsFile(p))).Write(seq, json);
                            }

                            // Links are kept whatever the shard: every shard must resolve a linked value alike.
                            foreach (int key in route.ResolvedKeys)
                            {
                                string linked = type.KeyOf(e, _layout.ResolvedKeys[key])!;
                                Bucket(buckets, linked).Link(key, linked, value);
                                if (route.MakesEntityKnown && key == _layout.EntityKeyOrdinal)
                                {
                                    Bucket(buckets, linked).Known(linked);
                                }
                            }

                            break;
                        default:
                            foreach (int key in route.ResolvedKeys)
                            {
                                string linked = type.KeyOf(e, _layout.ResolvedKeys[key])!;
                                Bucket(buckets, linked).Wait(seq, key, json);
                                if (route.MakesEntityKnown && key == _layout.EntityKeyOrdinal)
                                {
                                    Bucket(buckets, linked).Known(linked);
                                }
                            }

                            break;
                    }
                }
            }
            finally
            {
                foreach (EventSpillWriter? writer in writers)
                {
                    writer?.Dispose();
                }

                foreach (BucketWriter? bucket in buckets)
                {
                    bucket?.Dispose();
                }
            }

            CanonicalEventsDigest = canonical.Digest();
        }

        /// <summary>
        /// Writes a usable line's event, alone, in the log's canonical form; an event given in memory that the log format
        /// cannot hold (a blank text, a required field without a value) is refused as the line's rejection.
        /// </summary>
        private static LineRejection? Refused(EventLogWriter writer, MemoryStream line, EventLine read)
        {
            line.SetLength(0);
            try
            {
                writer.Write(read.Event!);
                return null;
            }
            catch (ArgumentException e)
            {
                return new LineRejection(read.LineNumber, null, LineRejectionCode.InvalidValue, e.Message);
            }
        }

        /// <summary>Reads the explicit points: counts and reports unusable lines, spills each point by partition or by link bucket.</summary>
        public void ReadPoints(PointSource points, CancellationToken cancellationToken)
        {
            var writers = new StreamWriter?[_partitions];
            using var canonical = new HashingStream();
            using var canonicalText = new StreamWriter(canonical, new UTF8Encoding(false), 1 << 12, leaveOpen: true) { NewLine = "\n" };
            var canonicalLine = new ArrayBufferWriter<byte>(256);
            try
            {
                foreach (PointLine line in points.Read(EntityKey))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (line.Rejection is { } rejection)
                    {
                        if (ReportsInputRejections)
                        {
                            _pointsRead++;
                            Count(_pointRejections, "invalid_point:" + CodeKey(rejection.Code));
                            WriteReject(("source", "points"), ("line", rejection.LineNumber), ("field", rejection.Field), ("code", CodeKey(rejection.Code)), ("reason", rejection.Reason));
                        }

                        continue;
                    }

                    PredictionPoint point = line.Point!;
                    string time = IsoInstant.Format(point.PredictionTime);
                    canonicalText.WriteLine(Json(canonicalLine, (EntityKey, point.EntityId), ("prediction_time", time)));
                    var spilled = new SpilledPoint(point.EntityId, time, line.LineNumber);
                    if (!_layout.EntityIsPartition)
                    {
                        SpillText(writers, PendingPointsFile, BucketOf(point.EntityId), JsonSerializer.Serialize(spilled));
                    }
                    else if (Owned(Group.Of(point.EntityId)) is { } p)
                    {
                        SpillText(writers, PointsFile, p, JsonSerializer.Serialize(spilled));
                    }
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

        /// <summary>
        /// The join: for each link bucket, resolves every waiting event, point and known entity to the partition key value
        /// its first link names (or to a unit of its own), and spills it to that partition; one bucket in memory at a time.
        /// </summary>
        public void Join(CancellationToken cancellationToken)
        {
            if (!_layout.NeedsJoin)
            {
                return;
            }

            var linked = new EventSpillWriter?[_partitions];
            var entities = new StreamWriter?[_partitions];
            var points = new StreamWriter?[_partitions];
            try
            {
                for (int b = 0; b < _partitions; b++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    JoinBucket(b, linked, entities, points, cancellationToken);
                }
            }
            finally
            {
                foreach (IDisposable? writer in ((IDisposable?[])linked).Concat(entities).Concat(points))
                {
                    writer?.Dispose();
                }
            }
        }

        /// <summary>The second pass: builds the rows of one partition at a time, in the export's row order.</summary>
        public void BuildRows(SchedulePolicy? schedule, CancellationToken cancellationToken)
        {
            _sink.Begin(RowLayout.For(_exporter.Transform));
            for (int p = 0; p < _partitions; p++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                HistoryStore store = LoadPartition(p);
                var lookup = new PartitionLookup(store, _reference, _layout.ReferenceKeys);
                foreach (Entity entity in EntitiesOf(p, store, schedule))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    IEnumerable<Instant> instants = schedule is null
                        ? entity.Points!.Select(x => Parse(x.PredictionTime))
                        : schedule.PointsFor(_exporter.Domain, store.History(EntityKey, entity.Id), _snapshot);
                    BuildRows(lookup, entity.Id, instants);
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
                _exporter.Domain.TransformVersion,
                IsoInstant.Format(_snapshot),
                new ShardIdentity(_shard.Index, _shard.Count),
                inputs,
                [],
                new EventCounts(_linesRead, _accepted, _lineRejections, _afterSnapshot, _accepted - _afterSnapshot),
                new PointCounts(_pointsRead, _exported, _immature, _pointRejections),
                _statistics.Snapshot());
        }

        private void BuildRows(IHistoryLookup lookup, string entityId, IEnumerable<Instant> instants)
        {
            Transform transform = _exporter.Transform;
            LabelState label = transform.LabelAt(lookup, entityId, _snapshot);
            foreach (Instant t in instants)
            {
                _pointsRead++;
                if (t > _snapshot)
                {
                    Count(_pointRejections, "prediction_after_snapshot");
                    WriteReject(
                        ("source", "row"),
                        (EntityKey, entityId),
                        ("prediction_time", IsoInstant.Format(t)),
                        ("code", "prediction_after_snapshot"),
                        ("reason", $"the prediction instant is after the snapshot {IsoInstant.Format(_snapshot)}"));
                    continue;
                }

                if (!PointsReader.IsWholeMicroseconds(t))
                {
                    // Only a scheduled point gets here (explicit points are checked as they are read): one after an
                    // event recorded at a finer instant. Rejected in every format, so the rows do not depend on it.
                    string code = CodeKey(LineRejectionCode.TimestampFinerThanMicrosecond);
                    Count(_pointRejections, code);
                    WriteReject(
                        ("source", "row"),
                        (EntityKey, entityId),
                        ("prediction_time", IsoInstant.Format(t)),
                        ("code", code),
                        ("reason", "the prediction instant is finer than a microsecond, the resolution of a Parquet timestamp; it is rejected in every output format"));
                    continue;
                }

                RowResult result = transform.BuildRow(lookup, entityId, t);
                if (!result.IsAccepted)
                {
                    RowRejection first = result.Rejections[0];
                    Count(_pointRejections, ReasonKey(first));
                    foreach (RowRejection r in result.Rejections)
                    {
                        WriteReject(
                            ("source", "row"),
                            (EntityKey, entityId),
                            ("prediction_time", IsoInstant.Format(t)),
                            ("feature", r.Feature),
                            ("code", ReasonKey(r)),
                            ("attempted_value", r.AttemptedValue),
                            ("reason", r.Message));
                    }
                }
                else if (label is { IsKnown: true, Value: { } value })
                {
                    _sink.Write(result.Row, value);
                    _statistics.Add(result.Row, value);
                    _exported++;
                }
                else
                {
                    _immature++;
                }
            }
        }

        /// <summary>The partition's events, in input order, in a store of their histories.</summary>
        private HistoryStore LoadPartition(int p)
        {
            var store = new HistoryStore(_layout.Schema);
            string main = EventsFile(p);
            string linked = LinkedFile(p);
            IEnumerable<(long Seq, DomainEvent Event)> events = File.Exists(main) ? EventSpillReader.Read(_spillReader, main) : [];
            if (File.Exists(linked))
            {
                // Events placed by the join arrive bucket by bucket: restore input order, and place an event waiting on
                // two keys that link to this partition once.
                var all = events.Concat(EventSpillReader.Read(_spillReader, linked)).ToList();
                all.Sort((a, b) => a.Seq.CompareTo(b.Seq));
                events = all.Where((x, i) => i == 0 || all[i - 1].Seq != x.Seq);
            }

            foreach ((_, DomainEvent e) in events)
            {
                store.Append(e);
            }

            return store;
        }

        /// <summary>The entities of partition <paramref name="p"/> that get rows, in the export's row order.</summary>
        private List<Entity> EntitiesOf(int p, HistoryStore store, SchedulePolicy? schedule)
        {
            var entities = new Dictionary<(Group Group, string Id), Entity>();
            if (schedule is not null && _layout.EntityIsPartition)
            {
                foreach (string id in store.Ids(EntityKey))
                {
                    entities[(Group.Of(id), id)] = new Entity(Group.Of(id), id, null);
                }
            }
            else if (schedule is not null)
            {
                foreach (string text in TextLines(EntitiesFile(p)))
                {
                    SpilledEntity known = JsonSerializer.Deserialize<SpilledEntity>(text)!;
                    var group = new Group(known.GroupKey, known.GroupValue);
                    entities.TryAdd((group, known.EntityId), new Entity(group, known.EntityId, null));
                }
            }
            else
            {
                foreach (string text in TextLines(PointsFile(p)))
                {
                    SpilledPoint point = JsonSerializer.Deserialize<SpilledPoint>(text)!;
                    var group = new Group(point.GroupKey, point.GroupValue ?? point.EntityId);
                    if (!entities.TryGetValue((group, point.EntityId), out Entity? entity))
                    {
                        entities[(group, point.EntityId)] = entity = new Entity(group, point.EntityId, []);
                    }

                    entity.Points!.Add(point);
                }

                // Same instant twice: keep input order, so the output never depends on the partition layout.
                foreach (Entity entity in entities.Values)
                {
                    entity.Points!.Sort((a, b) => Parse(a.PredictionTime).CompareTo(Parse(b.PredictionTime)) is var c && c != 0 ? c : a.Line.CompareTo(b.Line));
                }
            }

            return
            [
                .. entities.Values
                    .Select(e => (Hash: e.Group.Hash, Entity: e))
                    .OrderBy(x => x.Hash)
                    .ThenBy(x => x.Entity.Group.Key)
                    .ThenBy(x => x.Entity.Group.Value, StringComparer.Ordinal)
                    .ThenBy(x => x.Entity.Id, StringComparer.Ordinal)
                    .Select(x => x.Entity),
            ];
        }

        private void JoinBucket(int b, EventSpillWriter?[] linked, StreamWriter?[] entities, StreamWriter?[] points, CancellationToken cancellationToken)
        {
            string path = BucketFile(b);
            var links = new Dictionary<(int Key, string Value), string>();
            if (File.Exists(path))
            {
                using (var lines = new SpillLines(path))
                {
                    while (lines.MoveNext())
                    {
                        if (lines.Current[0] == BucketWriter.LinkTag)
                        {
                            LinkRecord link = JsonSerializer.Deserialize<LinkRecord>(lines.Current[1..])!;
                            links.TryAdd((link.Key, link.Value), link.Target);
                        }
                    }
                }

                var known = new HashSet<string>(StringComparer.Ordinal);
                using (var lines = new SpillLines(path))
                {
                    var cache = new Utf8StringCache();
                    while (lines.MoveNext())
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        ReadOnlySpan<byte> line = lines.Current;
                        byte tag = line[0];
                        if (tag == BucketWriter.KnownTag)
                        {
                            string id = JsonSerializer.Deserialize<string>(line[1..])!;
                            Group group = Resolve(links, _layout.EntityKeyOrdinal, id);
                            if (known.Add(id) && Owned(group) is { } p)
                            {
                                SpillText(entities, EntitiesFile, p, JsonSerializer.Serialize(new SpilledEntity(group.Key, group.Value, id)));
                            }
                        }
                        else if (tag == BucketWriter.EventTag)
                        {
                            line = line[1..];
                            long seq = SpillLines.Number(ref line, path);
                            int key = checked((int)SpillLines.Number(ref line, path));
                            EventLine parsed = _spillReader.Parse(line, seq, cache);
                            DomainEvent e = parsed.Event ?? throw SpillLines.Corrupt(path, parsed.Rejection!.ToString());
                            string value = _layout.Schema.TypeOf(e).KeyOf(e, _layout.ResolvedKeys[key])!;
                            if (Owned(Resolve(links, key, value)) is { } p)
                            {
                                (linked[p] ??= new EventSpillWriter(LinkedFile(p))).Write(seq, line);
                            }
                        }
                    }
                }
            }

            foreach (string text in TextLines(PendingPointsFile(b)))
            {
                SpilledPoint point = JsonSerializer.Deserialize<SpilledPoint>(text)!;
                Group group = Resolve(links, _layout.EntityKeyOrdinal, point.EntityId);
                if (Owned(group) is { } p)
                {
                    SpillText(points, PointsFile, p, JsonSerializer.Serialize(point with { GroupKey = group.Key, GroupValue = group.Value }));
                }
            }
        }

        /// <summary>The unit a resolved key's value is laid out by: its first link's partition key value, or itself.</summary>
        private static Group Resolve(Dictionary<(int Key, string Value), string> links, int key, string value)
            => links.TryGetValue((key, value), out string? target) ? Group.Of(target) : new Group(key, value);

        /// <summary>The partition of <paramref name="group"/> when this shard owns it; otherwise <see langword="null"/>.</summary>
        private int? Owned(Group group)
        {
            ulong hash = group.Hash;
            return ShardSpec.RangeOf(hash, _shard.Count) == _shard.Index ? ShardSpec.RangeOf(hash, _partitions) : null;
        }

        private int BucketOf(string value) => ShardSpec.RangeOf(Sharding.StableHash.Of(value), _partitions);

        private BucketWriter Bucket(BucketWriter?[] buckets, string value)
        {
            int b = BucketOf(value);
            return buckets[b] ??= new BucketWriter(BucketFile(b));
        }

        private static IEnumerable<string> TextLines(string path) => File.Exists(path) ? File.ReadLines(path) : [];

        private static void SpillText(StreamWriter?[] writers, Func<int, string> file, int p, string line)
            => (writers[p] ??= new StreamWriter(Create(file(p)), new UTF8Encoding(false), 1 << 16) { NewLine = "\n" }).WriteLine(line);

        private static Instant Parse(string iso) => IsoInstant.TryParse(iso, out Instant t, out string? _) ? t : throw new InvalidDataException($"Spilled instant '{iso}' is corrupt.");

        private static FileStream Create(string path) => new(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);

        private static void Count(SortedDictionary<string, long> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

        /// <summary>One JSON object of the given properties, in order; a property whose value is null is left out.</summary>
        private static string Json(ArrayBufferWriter<byte> buffer, params ReadOnlySpan<(string Name, object? Value)> properties)
        {
            buffer.ResetWrittenCount();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                foreach ((string name, object? value) in properties)
                {
                    switch (value)
                    {
                        case null:
                            break;
                        case long number:
                            json.WriteNumber(name, number);
                            break;
                        default:
                            json.WriteString(name, (string)value);
                            break;
                    }
                }

                json.WriteEndObject();
            }

            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }

        private string EventsFile(int p) => Path.Combine(_spill, $"events-{p:D4}.jsonl");

        private string LinkedFile(int p) => Path.Combine(_spill, $"linked-{p:D4}.jsonl");

        private string PointsFile(int p) => Path.Combine(_spill, $"points-{p:D4}.jsonl");

        private string EntitiesFile(int p) => Path.Combine(_spill, $"entities-{p:D4}.jsonl");

        private string BucketFile(int b) => Path.Combine(_spill, $"links-{b:D4}.txt");

        private string PendingPointsFile(int b) => Path.Combine(_spill, $"pending-points-{b:D4}.jsonl");

        private void WriteReject(params ReadOnlySpan<(string Name, object? Value)> properties)
        {
            if (_rejects is not null)
            {
                _rejects.WriteLine(Json(_rejectBuffer, properties));
            }
        }
    }

    /// <summary>One entity of a partition that gets rows: its unit, its id, and its explicit points (none for a schedule).</summary>
    private sealed record Entity(Group Group, string Id, List<SpilledPoint>? Points);

    /// <summary>
    /// A point on its way to its partition; <see cref="GroupValue"/> <see langword="null"/> means the entity's own id
    /// (the entity key is the partition key).
    /// </summary>
    private sealed record SpilledPoint(string EntityId, string PredictionTime, long Line, int GroupKey = -1, string? GroupValue = null);

    /// <summary>An entity known by the log, resolved to its unit, for a schedule.</summary>
    private sealed record SpilledEntity(int GroupKey, string GroupValue, string EntityId);

    /// <summary>A link: the value of a resolved key (by ordinal) names the partition key value <see cref="Target"/>.</summary>
    private sealed record LinkRecord(int Key, string Value, string Target);

    /// <summary>
    /// A link bucket's spill file: links (<c>L</c>), ids of entities known by the log (<c>K</c>), and events waiting for
    /// their link (<c>E</c>, through the JSON Lines writer).
    /// </summary>
    private sealed class BucketWriter : IDisposable
    {
        public const byte LinkTag = (byte)'L';
        public const byte KnownTag = (byte)'K';
        public const byte EventTag = (byte)'E';

        private readonly FileStream _file;
        private readonly Utf8JsonWriter _json;

        public BucketWriter(string path)
        {
            _file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            _json = new Utf8JsonWriter(_file);
        }

        public void Link(int key, string value, string target)
        {
            _file.WriteByte(LinkTag);
            JsonSerializer.Serialize(_json, new LinkRecord(key, value, target));
            EndRecord();
        }

        public void Known(string id)
        {
            _file.WriteByte(KnownTag);
            JsonSerializer.Serialize(_json, id);
            EndRecord();
        }

        /// <summary>Writes an event, as the JSON Lines writer wrote it, waiting on key <paramref name="key"/>.</summary>
        public void Wait(long seq, int key, ReadOnlySpan<byte> json)
        {
            _file.WriteByte(EventTag);
            _file.Write(Encoding.ASCII.GetBytes($"{seq.ToString(System.Globalization.CultureInfo.InvariantCulture)} {key.ToString(System.Globalization.CultureInfo.InvariantCulture)} "));
            _file.Write(json);
            _file.WriteByte((byte)'\n');
        }

        public void Dispose()
        {
            _json.Dispose();
            _file.Dispose();
        }

        private void EndRecord()
        {
            _json.Flush();
            _json.Reset();
            _file.WriteByte((byte)'\n');
        }
    }

    /// <summary>A partition's histories, with reference keys answered by the store of reference data every partition shares.</summary>
    private sealed class PartitionLookup(HistoryStore partition, HistoryStore reference, System.Collections.Frozen.FrozenSet<string> referenceKeys) : IHistoryLookup
    {
        public EntityHistory History(string key, string id) => referenceKeys.Contains(key) ? reference.History(key, id) : partition.History(key, id);
    }
}
