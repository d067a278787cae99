using System.CommandLine;
using System.Diagnostics;
using FeatureContracts.Contracts;
using FeatureContracts.Export;
using FeatureContracts.Export.Events;
using FeatureContracts.Export.Points;
using FeatureContracts.Export.Sharding;
using FeatureContracts.Export.Sinks;
using FeatureContracts.Models;
using FeatureContracts.Monitoring;
using FeatureContracts.Parquet;
using FeatureContracts.Rows;
using FeatureContracts.Serialization;
using FeatureContracts.Domains;
using FeatureContracts.Serving;
using NodaTime;

namespace FeatureContracts.Cli;

/// <summary>The <c>featurecontracts</c> commands, writing to the given output and error writers.</summary>
internal static class CliApp
{
    /// <summary>
    /// The command users type (the tool's ToolCommandName). Help shows it whatever the executable is called: a
    /// <see cref="RootCommand"/> would take its name from the running executable (FeatureContracts.Cli under
    /// <c>dotnet run</c>, testhost in tests).
    /// </summary>
    public const string ToolName = "featurecontracts";

    /// <summary>The tool's commands.</summary>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="clock">The clock of "now" defaults; the system clock by default.</param>
    /// <param name="termination">
    /// Turns Ctrl+C and SIGTERM into cancellation of the commands that observe it (<c>export</c>); without it, those
    /// commands are cancelled only through the token given to the invocation.
    /// </param>
    public static Command Build(TextWriter output, TextWriter error, IClock? clock = null, Termination? termination = null)
    {
        var root = new Command(ToolName, "FeatureContracts: point-in-time correct feature rows, for the late-delivery and card-fraud contracts.")
        {
            Options = { new System.CommandLine.Help.HelpOption(), new VersionOption() },
        };
        root.Subcommands.Add(ExportCommand(output, error, clock, termination));
        root.Subcommands.Add(VerifyCommand(output, error));
        root.Subcommands.Add(RowCommand(output, error));
        root.Subcommands.Add(ScoreCommand(output, error, clock));
        root.Subcommands.Add(TrainCommand(output, error));
        root.Subcommands.Add(ContractCommand(output, error));
        root.Subcommands.Add(CheckCommand(output, error));
        root.Subcommands.Add(DiffCommand(output, error));
        return root;
    }

    private static Option<FileInfo?> ContractOption() => new("--contract")
    {
        Description = "A contract JSON file of the domain (see 'contract show'); the domain's built-in contract by default (late_delivery v1, card_fraud v1).",
    };

    private static Option<string> DomainOption()
    {
        var option = new Option<string>("--domain")
        {
            Description = $"The prediction task: {string.Join(" or ", ToolDomains.Names)}; {ToolDomains.Default} by default.",
            DefaultValueFactory = _ => ToolDomains.Default,
        };
        option.AcceptOnlyFromAmong(ToolDomains.Names);
        return option;
    }

    private static Option<string> EntityOption() => new("--entity", "--order")
    {
        Description = "The id of the row's entity: an order id (shipments) or an authorization id (card-fraud). --order is the same option.",
        Required = true,
    };

    private static Command ExportCommand(TextWriter output, TextWriter error, IClock? clock, Termination? termination)
    {
        var events = new Option<FileInfo>("--events") { Description = "The event log: JSON Lines, or Parquet (.parquet) with one column per event field.", Required = true };
        var points = new Option<FileInfo?>("--points") { Description = "Prediction points: CSV with header <entity key>,prediction_time (order_id for shipments, authorization_id for card-fraud), or JSON Lines with those keys." };
        var schedule = new Option<string?>("--schedule") { Description = "Instead of --points: offsets after each entity became known, e.g. 1h,6h,24h (0m: at the instant it became known)." };
        var outFile = new Option<FileInfo>("--out") { Description = "The rows file; the rejects and the manifest are written beside it, and appear with it, the manifest last ('verify' checks them).", Required = true };
        var format = new Option<string?>("--format") { Description = $"csv, jsonl or parquet; by default from the --out extension ({string.Join(", ", Arguments.KnownExtensions)})." };
        format.AcceptOnlyFromAmong("csv", "jsonl", "parquet");
        var snapshot = new Option<string?>("--snapshot") { Description = "The snapshot instant S (ISO-8601 with Z or offset); now by default." };
        var shard = new Option<string?>("--shard") { Description = "Export only shard K/N of the entities, e.g. 0/4." };
        var partitions = new Option<int>("--partitions") { Description = "Spill partitions; 0 chooses one per 16 MiB of events." };
        var temp = new Option<DirectoryInfo?>("--temp") { Description = "Folder for spill files; the system temp folder by default." };
        var contract = ContractOption();
        var domain = DomainOption();

        var command = new Command("export", "Export labelled training rows as known at a snapshot.")
        {
            events, points, schedule, outFile, format, domain, contract, snapshot, shard, partitions, temp,
        };
        command.SetAction((result, cancellationToken) => GuardAsync(error, async () =>
        {
            using IDisposable? listening = termination?.Listen();
            FileInfo eventsFile = result.GetValue(events)!;
            FileInfo? pointsFile = result.GetValue(points);
            string? scheduleText = result.GetValue(schedule);
            if ((pointsFile is null) == (scheduleText is null))
            {
                return Fail(error, ExitCodes.BadArguments, "give exactly one of --points FILE and --schedule OFFSETS");
            }

            RequireFile(eventsFile);
            PointSource pointSource;
            if (pointsFile is not null)
            {
                RequireFile(pointsFile);
                pointSource = PointSource.FromFile(pointsFile.FullName);
            }
            else if (!Arguments.TryParseOffsets(scheduleText!, out var offsets, out string? why))
            {
                return Fail(error, ExitCodes.BadArguments, $"--schedule: {why}");
            }
            else
            {
                pointSource = PointSource.FromSchedule(SchedulePolicy.AfterEntityKnown(offsets));
            }

            Instant snapshotInstant;
            if (result.GetValue(snapshot) is { } snapshotText)
            {
                if (!Arguments.TryParseInstant(snapshotText, out snapshotInstant, out string? why))
                {
                    return Fail(error, ExitCodes.BadArguments, $"--snapshot: {why}");
                }
            }
            else
            {
                snapshotInstant = (clock ?? DefaultClock()).GetCurrentInstant();
            }

            ShardSpec shardSpec = ShardSpec.Single;
            if (result.GetValue(shard) is { } shardText && !ShardSpec.TryParse(shardText, out shardSpec))
            {
                return Fail(error, ExitCodes.BadArguments, $"--shard: '{shardText}' is not K/N with 0 <= K < N");
            }

            FileInfo output_ = result.GetValue(outFile)!;
            string? formatName = result.GetValue(format);
            if (formatName is null && !Arguments.TryFormatFromExtension(output_.Name, out formatName))
            {
                return Fail(error, ExitCodes.BadArguments, $"--out: '{output_.Name}' has no extension of a known format ({string.Join(", ", Arguments.KnownExtensions)}); give one, or --format");
            }

            Transform transform = LoadTransform(result.GetValue(domain), result.GetValue(contract));
            var options = new ExportOptions
            {
                Snapshot = snapshotInstant,
                Shard = shardSpec,
                Partitions = result.GetValue(partitions),
                TemporaryDirectory = result.GetValue(temp)?.FullName,
                Progress = new ConsoleProgress(error),
            };

            ExportManifest manifest;
            try
            {
                manifest = await new TrainingExporter(transform)
                    .ExportToFileAsync(OpenEvents(eventsFile), pointSource, output_.FullName, stream => CreateSink(formatName, stream), options, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return Fail(error, ExitCodes.Cancelled, $"cancelled: no file was written, and {output_.FullName} and its manifest are as they were");
            }

            long rejected = manifest.Points.Rejected.Values.Sum();
            long lineRejects = manifest.Events.Rejected.Values.Sum();
            output.WriteLine($"exported {manifest.Points.Exported} rows to {output_.FullName} ({formatName})");
            output.WriteLine($"points: {manifest.Points.Read} read, {manifest.Points.Exported} exported, {manifest.Points.Immature} immature, {rejected} rejected");
            output.WriteLine($"events: {manifest.Events.LinesRead} lines, {manifest.Events.Accepted} usable, {lineRejects} rejected, {manifest.Events.RecordedAfterSnapshot} recorded after the snapshot {manifest.Snapshot}");
            output.WriteLine($"manifest: {output_.FullName}.manifest.json; rejects: {output_.FullName}.rejects.jsonl");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command VerifyCommand(TextWriter output, TextWriter error)
    {
        var outputs = new Argument<FileInfo[]>("OUT")
        {
            Description = "The rows file of an export (its --out), or the rows files of every shard of one export.",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command(
            "verify",
            $"Tell whether an export's files are a complete, consistent set: its manifest there, and every file it names there with the length and SHA-256 it names. Exits {ExitCodes.ExportIncomplete} when not, with one line per problem.")
        {
            outputs,
        };
        command.SetAction(result => Guard(error, () =>
        {
            FileInfo[] files = result.GetValue(outputs)!;
            ExportVerification verification = ExportVerifier.Verify([.. files.Select(f => f.FullName)]);
            foreach (ExportProblem problem in verification.Problems)
            {
                output.WriteLine($"problem: {problem}");
            }

            foreach (string leftover in verification.Leftovers)
            {
                output.WriteLine($"note: {leftover} was left by an export that was killed; the next export to the same path removes it");
            }

            if (!verification.IsComplete)
            {
                output.WriteLine($"incomplete: {verification.Problems.Count} problem(s)");
                return ExitCodes.ExportIncomplete;
            }

            for (int i = 0; i < verification.Outputs.Count; i++)
            {
                ExportManifest manifest = verification.Manifests[i];
                string shard = manifest.Shard.Count > 1 ? $", shard {manifest.Shard.Index}/{manifest.Shard.Count}" : string.Empty;
                OutputFile rows = manifest.Outputs.First(o => o.File == Path.GetFileName(verification.Outputs[i]));
                output.WriteLine($"complete: {verification.Outputs[i]}: {rows.Rows} rows ({rows.Format}{shard}); {rows.File} and {rows.Rejects.File} match {Path.GetFileName(verification.Outputs[i])}.manifest.json");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command RowCommand(TextWriter output, TextWriter error)
    {
        var events = new Option<FileInfo>("--events") { Description = "The event log: JSON Lines, or Parquet (.parquet) with one column per event field.", Required = true };
        var entity = EntityOption();
        var at = new Option<string>("--at") { Description = "The prediction instant (ISO-8601 with Z or offset).", Required = true };
        var contract = ContractOption();
        var domain = DomainOption();
        var command = new Command("row", "Print one entity's row (or its rejection) at an instant, as the scorer would see it.") { events, entity, at, domain, contract };
        command.SetAction(result => Guard(error, () =>
        {
            FileInfo eventsFile = result.GetValue(events)!;
            RequireFile(eventsFile);
            if (!Arguments.TryParseInstant(result.GetValue(at)!, out Instant t, out string? why))
            {
                return Fail(error, ExitCodes.BadArguments, $"--at: {why}");
            }

            Transform transform = LoadTransform(result.GetValue(domain), result.GetValue(contract));
            (HistoryStore store, int rejectedLines) = LoadHistories(eventsFile, transform.Domain);
            RowResult row = transform.BuildRow(store, result.GetValue(entity)!, t);
            output.WriteLine(RowJson.Write(row, transform.Domain.Entity.Key));
            if (rejectedLines > 0)
            {
                error.WriteLine($"note: {rejectedLines} line(s) of {eventsFile.Name} were unusable and ignored");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command ScoreCommand(TextWriter output, TextWriter error, IClock? clock)
    {
        var events = new Option<FileInfo>("--events") { Description = "The event log: JSON Lines, or Parquet (.parquet).", Required = true };
        var model = new Option<FileInfo>("--model") { Description = "A logistic-regression model JSON file, trained on the contract's vectors.", Required = true };
        var entity = EntityOption();
        var at = new Option<string?>("--at") { Description = "The prediction instant (ISO-8601 with Z or offset); now by default." };
        var contract = ContractOption();
        var domain = DomainOption();
        var command = new Command("score", "Score one entity at an instant through the online scorer: the score with its row, or why it was not scored.")
        {
            events, model, entity, at, domain, contract,
        };
        command.SetAction(result => Guard(error, () =>
        {
            FileInfo eventsFile = result.GetValue(events)!;
            FileInfo modelFile = result.GetValue(model)!;
            RequireFile(eventsFile);
            RequireFile(modelFile);
            Instant t;
            if (result.GetValue(at) is { } atText)
            {
                if (!Arguments.TryParseInstant(atText, out t, out string? why))
                {
                    return Fail(error, ExitCodes.BadArguments, $"--at: {why}");
                }
            }
            else
            {
                t = (clock ?? DefaultClock()).GetCurrentInstant();
            }

            ToolDomain toolDomain = ToolDomains.Named(result.GetValue(domain));
            Transform transform = LoadTransform(toolDomain.Name, result.GetValue(contract));
            LogisticRegressionModel scoringModel = LogisticRegressionModel.FromJson(StrictUtf8.ReadFile(modelFile.FullName));
            (HistoryStore store, int rejectedLines) = LoadHistories(eventsFile, transform.Domain);
            OnlineScorer scorer;
            try
            {
                scorer = new OnlineScorer(store, transform, toolDomain.Vectorizer(transform.Contract), scoringModel, clock ?? DefaultClock());
            }
            catch (ArgumentException e)
            {
                return Fail(error, ExitCodes.BadInput, $"{modelFile.Name}: {e.Message}");
            }

            output.WriteLine(ScoreJson.Write(scorer.ScoreAt(result.GetValue(entity)!, t)));
            if (rejectedLines > 0)
            {
                error.WriteLine($"note: {rejectedLines} line(s) of {eventsFile.Name} were unusable and ignored");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command TrainCommand(TextWriter output, TextWriter error)
    {
        var defaults = new LogisticRegressionOptions();
        var rows = new Option<FileInfo>("--rows") { Description = "The training rows the export wrote: CSV, JSON Lines (.jsonl) or Parquet (.parquet), by extension; its manifest beside it is checked when present.", Required = true };
        var outFile = new Option<FileInfo>("--out") { Description = "The model JSON file to write (atomically); the same inputs give the same bytes.", Required = true };
        var testFrom = new Option<string?>("--test-from") { Description = "Train on the rows whose prediction_time is before this instant (ISO-8601 with Z or offset) and report AUC on the rows at or after it." };
        var epochs = new Option<int>("--epochs") { Description = $"Full-batch gradient steps, 1 to 1000000; {defaults.Epochs} by default.", DefaultValueFactory = _ => defaults.Epochs };
        var learningRate = new Option<double>("--learning-rate") { Description = ModelTraining.Line($"The step size, positive; {defaults.LearningRate} by default."), DefaultValueFactory = _ => defaults.LearningRate };
        var l2 = new Option<double>("--l2") { Description = ModelTraining.Line($"The L2 penalty on the weights, non-negative; {defaults.L2} by default."), DefaultValueFactory = _ => defaults.L2 };
        var contract = ContractOption();
        var domain = DomainOption();
        var command = new Command("train", "Train the built-in logistic regression on an export's rows and write the model JSON that 'score --model' reads.")
        {
            rows, outFile, domain, contract, testFrom, epochs, learningRate, l2,
        };
        command.SetAction(result => Guard(error, () =>
        {
            FileInfo rowsFile = result.GetValue(rows)!;
            FileInfo modelFile = result.GetValue(outFile)!;
            Instant? boundary = null;
            if (result.GetValue(testFrom) is { } testFromText)
            {
                if (!Arguments.TryParseInstant(testFromText, out Instant parsed, out string? why))
                {
                    return Fail(error, ExitCodes.BadArguments, $"--test-from: {why}");
                }

                boundary = parsed;
            }

            var options = new LogisticRegressionOptions { Epochs = result.GetValue(epochs), LearningRate = result.GetValue(learningRate), L2 = result.GetValue(l2) };
            try
            {
                options.Validate();
            }
            catch (ArgumentException e)
            {
                string name = e.ParamName switch { nameof(options.Epochs) => "--epochs", nameof(options.LearningRate) => "--learning-rate", _ => "--l2" };
                return Fail(error, ExitCodes.BadArguments, $"{name}: {e.Message}");
            }

            RequireFile(rowsFile);
            ToolDomain toolDomain = ToolDomains.Named(result.GetValue(domain));
            Transform transform = LoadTransform(toolDomain.Name, result.GetValue(contract));
            string format = Arguments.FormatFromExtension(rowsFile.Name);
            TrainingInput input = ModelTraining.Read(rowsFile, format, transform, toolDomain.Vectorizer(transform.Contract));
            TrainingSet train = input.Rows;
            TrainingSet? test = null;
            if (boundary is { } b)
            {
                (train, test) = input.Rows.SplitAt(b);
                long testPositives = ModelTraining.Positives(test);
                if (testPositives == 0 || testPositives == test.Examples.Count)
                {
                    return Fail(error, ExitCodes.BadInput, ModelTraining.Line(
                        $"--test-from {RowCodec.FormatInstant(b)} leaves {test.Examples.Count} rows of {rowsFile.Name} at or after it, {testPositives} of them positive; AUC needs both classes"));
                }
            }

            LogisticRegressionModel model;
            try
            {
                model = LogisticRegressionTrainer.Train(train, options with { DataSnapshot = input.Snapshot });
            }
            catch (ArgumentException e)
            {
                return Fail(error, ExitCodes.BadInput, $"{rowsFile.Name}: {e.Message}");
            }

            ModelTraining.Write(model, modelFile.FullName);
            output.WriteLine(ModelTraining.Line(
                $"trained {model.ModelId} for {model.Contract.Name} v{model.Contract.Version} ({model.ContractFingerprint}) on {model.Training.Rows} rows of {rowsFile.Name}, {model.Training.PositiveRows} positive; final loss {model.Training.FinalLoss:0.0000}"));
            if (boundary is { } from && test is not null)
            {
                double auc = BinaryMetrics.Auc(test.ScoreWith(model));
                output.WriteLine(ModelTraining.Line(
                    $"test: {test.Examples.Count} rows from {RowCodec.FormatInstant(from)}, {ModelTraining.Positives(test)} positive; AUC {auc:0.0000}"));
            }

            output.WriteLine($"model: {modelFile.FullName}");
            foreach (string note in input.Notes)
            {
                error.WriteLine($"note: {note}");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command CheckCommand(TextWriter output, TextWriter error)
    {
        var baseline = new Option<FileInfo>("--baseline") { Description = "The manifest of the training export the model was trained on (rows.csv.manifest.json).", Required = true };
        var servingLog = new Option<FileInfo>("--serving-log") { Description = "The serving log (JSON Lines, as the online scorer's ServingLogWriter writes it).", Required = true };
        var events = new Option<FileInfo>("--events") { Description = "The event log (JSON Lines or Parquet), from which the parity sample is recomputed as known at each row's instant.", Required = true };
        var html = new Option<FileInfo?>("--html") { Description = "Also write the report as one self-contained HTML page." };
        var json = new Option<FileInfo?>("--json") { Description = "Also write the report as JSON." };
        var sample = new Option<int>("--sample")
        {
            Description = "The most serving rows the parity check recomputes; 1000 by default.",
            DefaultValueFactory = _ => MonitoringOptions.Default.ParitySampleSize,
        };
        var contract = ContractOption();
        var domain = DomainOption();
        var command = new Command(
            "check",
            $"Check a serving log against its training export's manifest and the event log: null, unseen and out-of-range rates, freshness, drift and parity, with a verdict per feature. Exits {ExitCodes.VerdictFailing} when the verdict is failing.")
        {
            baseline, servingLog, events, html, json, sample, domain, contract,
        };
        command.SetAction(result => Guard(error, () =>
        {
            FileInfo baselineFile = result.GetValue(baseline)!;
            FileInfo servingFile = result.GetValue(servingLog)!;
            FileInfo eventsFile = result.GetValue(events)!;
            RequireFile(baselineFile);
            RequireFile(servingFile);
            RequireFile(eventsFile);
            int sampleSize = result.GetValue(sample);
            if (sampleSize < 1)
            {
                return Fail(error, ExitCodes.BadArguments, $"--sample: {sampleSize} is not a positive number of rows");
            }

            Transform transform = LoadTransform(result.GetValue(domain), result.GetValue(contract));
            ExportManifest manifest = ExportManifest.FromJson(StrictUtf8.ReadFile(baselineFile.FullName));
            if (!string.Equals(manifest.Contract.Fingerprint, transform.Contract.Fingerprint, StringComparison.Ordinal))
            {
                return Fail(
                    error,
                    ExitCodes.BadInput,
                    $"{baselineFile.Name} is an export of contract {manifest.Contract.Name} v{manifest.Contract.Version} (fingerprint {manifest.Contract.Fingerprint}), "
                    + $"not of {transform.Contract.Name} v{transform.Contract.Version} (fingerprint {transform.Contract.Fingerprint}); give the matching --domain or --contract");
            }

            (HistoryStore store, int rejectedLines) = LoadHistories(eventsFile, transform.Domain);
            var reader = new ServingLogReader(transform);
            MonitoringReport report = MonitoringCheck.Run(
                transform, manifest, reader.ReadFile(servingFile.FullName), store, new MonitoringOptions { ParitySampleSize = sampleSize });
            ReportConsole.Write(output, report);
            if (result.GetValue(json) is { } jsonFile)
            {
                File.WriteAllText(jsonFile.FullName, ReportJson.Write(report));
                output.WriteLine($"report: {jsonFile.FullName}");
            }

            if (result.GetValue(html) is { } htmlFile)
            {
                File.WriteAllText(htmlFile.FullName, ReportHtml.Render(report));
                output.WriteLine($"page: {htmlFile.FullName}");
            }

            if (rejectedLines > 0)
            {
                error.WriteLine($"note: {rejectedLines} line(s) of {eventsFile.Name} were unusable and ignored");
            }

            return report.Overall == Verdict.Fail ? ExitCodes.VerdictFailing : ExitCodes.Success;
        }));
        return command;
    }

    private static Command DiffCommand(TextWriter output, TextWriter error)
    {
        var oldFile = new Argument<FileInfo>("OLD") { Description = "The contract file a model was trained on (the JSON 'contract show' prints)." };
        var newFile = new Argument<FileInfo>("NEW") { Description = "The contract file that would serve it." };
        var domain = DomainOption();
        var command = new Command(
            "diff",
            $"Compare two versions of a contract: every change, breaking or compatible for a model trained on the old rows, and why. Exits {ExitCodes.BreakingWithoutVersionBump} when a breaking change comes without a version bump.")
        {
            oldFile, newFile, domain,
        };
        command.SetAction(result => Guard(error, () =>
        {
            ToolDomain toolDomain = ToolDomains.Named(result.GetValue(domain));
            FeatureContract Read(FileInfo file)
            {
                RequireFile(file);
                try
                {
                    return toolDomain.FromJson(StrictUtf8.ReadFile(file.FullName)).Contract;
                }
                catch (ContractDefinitionException e)
                {
                    throw new UnusableInputException($"{file.Name}: {e.Message}");
                }
            }

            FeatureContract old = Read(result.GetValue(oldFile)!);
            FeatureContract @new = Read(result.GetValue(newFile)!);
            if (!string.Equals(old.Name, @new.Name, StringComparison.Ordinal))
            {
                return Fail(error, ExitCodes.BadInput, $"'{old.Name}' and '{@new.Name}' are different contracts, not two versions of one");
            }

            Evolution.ContractDiff diff = Evolution.ContractDiff.Compare(old, @new);
            DiffReport.Write(output, diff);
            return diff.BreakingWithoutVersionBump ? ExitCodes.BreakingWithoutVersionBump : ExitCodes.Success;
        }));
        return command;
    }

    private static Command ContractCommand(TextWriter output, TextWriter error)
    {
        var contract = ContractOption();
        var domain = DomainOption();
        var show = new Command("show", "Print the contract as JSON: the domain's built-in contract, or --contract FILE after validation.") { domain, contract };
        show.SetAction(result => Guard(error, () =>
        {
            output.Write(ContractJson.Write(LoadTransform(result.GetValue(domain), result.GetValue(contract)).Contract));
            return ExitCodes.Success;
        }));
        return new Command("contract", "Inspect contracts.") { show };
    }

    /// <summary>A <c>.parquet</c> file is a Parquet event log; anything else is JSON Lines.</summary>
    private static EventSource OpenEvents(FileInfo file)
        => file.Extension.Equals(".parquet", StringComparison.OrdinalIgnoreCase)
            ? new ParquetEventSource(file.FullName)
            : EventSource.FromJsonLinesFile(file.FullName);

    private static Transform LoadTransform(string? domainName, FileInfo? contractFile)
    {
        ToolDomain domain = ToolDomains.Named(domainName);
        if (contractFile is null)
        {
            return domain.BuiltIn;
        }

        RequireFile(contractFile);
        return domain.FromJson(StrictUtf8.ReadFile(contractFile.FullName));
    }

    /// <summary>Every usable event of the log in a history store of the domain, and how many lines were unusable.</summary>
    private static (HistoryStore Store, int RejectedLines) LoadHistories(FileInfo eventsFile, Domain domain)
    {
        var store = new HistoryStore(domain.Schema);
        int rejectedLines = 0;
        foreach (EventLine line in OpenEvents(eventsFile).ReadAsync(domain.Schema).ToBlockingEnumerable())
        {
            if (line.Event is { } e)
            {
                store.Append(e);
            }
            else
            {
                rejectedLines++;
            }
        }

        return (store, rejectedLines);
    }

    private static readonly RowSinkRegistry Sinks = ParquetRowSink.Register(RowSinkRegistry.Default);

    private static IRowSink CreateSink(string format, Stream stream) => Sinks.Create(format, stream);

    private static void RequireFile(FileInfo file)
    {
        if (Directory.Exists(file.FullName))
        {
            throw new UnusableInputException($"{file.FullName} is a folder, not a file");
        }

        if (!file.Exists)
        {
            throw new UnusableInputException($"file not found: {file.FullName}");
        }
    }

    private static int Guard(TextWriter error, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (UnusableInputException e)
        {
            return Fail(error, ExitCodes.BadInput, e.Message);
        }
        catch (ContractDefinitionException e)
        {
            return Fail(error, ExitCodes.BadInput, e.Message);
        }
        catch (InvalidDataException e)
        {
            return Fail(error, ExitCodes.BadInput, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(error, ExitCodes.IoFailure, OneLine(e.Message));
        }
    }

    /// <summary><see cref="Guard"/> for a command that awaits.</summary>
    private static async Task<int> GuardAsync(TextWriter error, Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception e) when (e is UnusableInputException or ContractDefinitionException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return Guard(error, () => throw e);
        }
    }

    /// <summary>A message as one line: an operating system's message may span several.</summary>
    private static string OneLine(string message) => string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static int Fail(TextWriter error, int code, string message)
    {
        error.WriteLine($"error: {message}");
        return code;
    }

#pragma warning disable RS0030 // The tool is the application's edge: it owns the clock and hands it to the library.
    private static IClock DefaultClock() => SystemClock.Instance;
#pragma warning restore RS0030

    /// <summary>
    /// Reports export progress on the error stream: the first report of each phase at once (so a long run shows that
    /// it is moving whatever the machine's speed), then at most about once a second, and always the last one.
    /// </summary>
    private sealed class ConsoleProgress(TextWriter error) : IProgress<ExportProgress>
    {
        private readonly Stopwatch _sinceLast = Stopwatch.StartNew();
        private string? _phase;

        public void Report(ExportProgress value)
        {
            bool last = value.Total is { } total && value.Done == total;
            bool first = !string.Equals(value.Phase, _phase, StringComparison.Ordinal);
            if (!last && !first && _sinceLast.Elapsed < TimeSpan.FromSeconds(1))
            {
                return;
            }

            _phase = value.Phase;
            _sinceLast.Restart();
            error.WriteLine(value.Total is { } all
                ? $"{value.Phase}: partition {value.Done}/{all}, {value.RowsExported} rows exported"
                : $"{value.Phase}: {value.Done} lines");
        }
    }
}

/// <summary>An input file that cannot be used at all.</summary>
internal sealed class UnusableInputException(string message) : Exception(message);
