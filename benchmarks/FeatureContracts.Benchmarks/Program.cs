using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(FeatureContracts.Benchmarks.ScoringBenchmarks).Assembly).Run(args);
