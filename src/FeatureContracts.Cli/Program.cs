using System.CommandLine;
using FeatureContracts.Cli;

return CliApp.Build(Console.Out, Console.Error).Parse(args).Invoke();
