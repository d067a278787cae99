using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace FeatureContracts.Export.IO;

/// <summary>
/// The process that owns a temporary file or folder, as written into its name: <c>{pid}-{start}</c>, where start is
/// the process's start time as the operating system keeps it (on Linux the clock ticks since boot from
/// <c>/proc/{pid}/stat</c>), so a process id reused by another process does not pass for the owner. A temporary
/// left by an owner that no longer runs can be removed by the next run; one whose owner may still run never is.
/// </summary>
internal static class RunOwner
{
    /// <summary>The current process's owner text.</summary>
    public static string Current { get; } = Describe(Environment.ProcessId) ?? string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}-0");

    /// <summary>
    /// Whether the owner named by <paramref name="owner"/> (as <see cref="Current"/> wrote it) may still run. Anything
    /// that cannot be decided (an owner text of another form, a process whose start cannot be read) counts as running:
    /// a live run's files must never be removed.
    /// </summary>
    public static bool MayBeRunning(string owner)
    {
        int dash = owner.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0
            || !int.TryParse(owner.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
            || !ulong.TryParse(owner.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out ulong start)
            || start == 0)
        {
            return true;
        }

        try
        {
            string? now = Describe(pid);
            return now is null ? false : string.Equals(now, owner, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or NotSupportedException)
        {
            return true;
        }
    }

    /// <summary>Whether <paramref name="text"/> has the form of an owner text (digits, a dash, digits).</summary>
    public static bool IsOwnerText(ReadOnlySpan<char> text)
    {
        int dash = text.IndexOf('-');
        return dash > 0 && dash < text.Length - 1 && IsDigits(text[..dash]) && IsDigits(text[(dash + 1)..]);
    }

    private static bool IsDigits(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The owner text of the running process <paramref name="pid"/>; <see langword="null"/> when none runs.</summary>
    internal static string? Describe(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            string stat;
            try
            {
                stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                return null;
            }

            // pid (comm) state ppid ...: the command may hold spaces and parentheses, so fields are counted after the
            // last ')'; the start time is field 22, the 20th after it.
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields.Length > 19 && fields[0] != "Z" ? string.Create(CultureInfo.InvariantCulture, $"{pid}-{fields[19]}") : null;
        }

        try
        {
            using Process process = Process.GetProcessById(pid);
            return string.Create(CultureInfo.InvariantCulture, $"{pid}-{process.StartTime.ToUniversalTime().Ticks}");
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
