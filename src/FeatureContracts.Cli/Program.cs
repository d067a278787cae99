using System.CommandLine;
using FeatureContracts.Cli;

// Ctrl+C and SIGTERM cancel the running command through the token (Termination), rather than System.CommandLine's
// handler, which would end the process after a timeout whether or not the command had cleaned up.
using var termination = new Termination();
return await CliApp.Build(Console.Out, Console.Error, termination: termination)
    .Parse(args)
    .InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, termination.Token);
