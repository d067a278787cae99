using System;
using System.Diagnostics;
using System.IO;

namespace FeatureContracts.Cli.Tests;

/// <summary>
/// Folders with real file-system limits for the fault tests: a small tmpfs (a full disk) and a read-only folder.
/// Mounting needs root (or the capability to mount); where it cannot be done the caller skips with the reason
/// <see cref="TryTmpfs"/> gives, never passing silently.
/// </summary>
internal sealed class Mounts : IDisposable
{
    private readonly string _path;
    private readonly bool _mounted;

    private Mounts(string path, bool mounted)
    {
        _path = path;
        _mounted = mounted;
    }

    /// <summary>The user id the tests run as (0: root, whom file permissions do not stop).</summary>
    public static int UserId { get; } = ReadUserId();

    /// <summary>
    /// Mounts a tmpfs with <paramref name="options"/> (e.g. <c>size=64k</c>, <c>ro,size=64k</c>) at a new folder
    /// <paramref name="path"/>; <see langword="null"/> with the reason when it cannot.
    /// </summary>
    public static Mounts? TryTmpfs(string path, string options, out string why)
    {
        Directory.CreateDirectory(path);
        if (!OperatingSystem.IsLinux())
        {
            why = "a tmpfs is mounted on Linux only";
            return null;
        }

        (int exit, string error) = Command("mount", "-t", "tmpfs", "-o", options, "tmpfs", path);
        if (exit != 0)
        {
            why = $"cannot mount a tmpfs (id -u is {UserId}; mount exited {exit}: {error.Trim()})";
            return null;
        }

        why = string.Empty;
        return new Mounts(path, mounted: true);
    }

    /// <summary>
    /// A folder this process cannot write: for root a read-only tmpfs (root ignores permission bits), otherwise a
    /// folder of mode 555; <see langword="null"/> with the reason when neither can be made.
    /// </summary>
    public static Mounts? TryReadOnly(string path, out string why)
    {
        if (UserId > 0 && (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()))
        {
            Directory.CreateDirectory(path);
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            why = string.Empty;
            return new Mounts(path, mounted: false);
        }

        return TryTmpfs(path, "ro,size=64k", out why);
    }

    /// <summary>Unmounts the tmpfs (lazily when busy), or gives the folder its write permission back.</summary>
    public void Dispose()
    {
        if (!_mounted)
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(_path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            return;
        }

        if (Command("umount", _path).Exit != 0)
        {
            Command("umount", "-l", _path);
        }
    }

    private static int ReadUserId()
    {
        try
        {
            (int exit, string output) = Command("id", "-u");
            return exit == 0 && int.TryParse(output.Trim(), out int id) ? id : -1;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }

    private static (int Exit, string Output) Command(string file, params string[] args)
    {
        using Process process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}
