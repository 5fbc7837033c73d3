using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Nip66.Benchmarks.EventBenchmarks).Assembly).Run(args);
