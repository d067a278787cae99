using System.Runtime.InteropServices;

namespace FeatureContracts.Cli;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM as cancellation: while a command that observes <see cref="Token"/> runs (it calls
/// <see cref="Listen"/>), the first such signal cancels the token instead of ending the process, so the command
/// removes its temporary files and exits with <see cref="ExitCodes.Cancelled"/>. A second signal, or a signal while
/// no command listens, ends the process as usual.
/// </summary>
internal sealed class Termination : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _listeners;
    private int _signals;

    public Termination()
    {
        _registrations = !OperatingSystem.IsBrowser() && !OperatingSystem.IsWasi() && !OperatingSystem.IsIOS() && !OperatingSystem.IsTvOS() && !OperatingSystem.IsAndroid()
            ? [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)]
            : [];
    }

    /// <summary>Cancelled by the first SIGINT or SIGTERM while a command listens.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>Says that the running command observes <see cref="Token"/> until the returned object is disposed.</summary>
    public IDisposable Listen()
    {
        Interlocked.Increment(ref _listeners);
        return new Listener(this);
    }

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }

        _source.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (Volatile.Read(ref _listeners) == 0 || Interlocked.Increment(ref _signals) > 1)
        {
            return;
        }

        context.Cancel = true;
        _source.Cancel();
    }

    private sealed class Listener(Termination termination) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref termination._listeners);
            }
        }
    }
}
