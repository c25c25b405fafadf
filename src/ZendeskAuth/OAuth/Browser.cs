using System;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ZendeskAuth.OAuth;

/// <summary>Opens a URL in the user's browser, where there is one.</summary>
internal static class Browser
{
    /// <summary>False when no browser could be started (a server, a container, an Automation sandbox).</summary>
    public static bool TryOpen(Uri url)
    {
        try
        {
            ProcessStartInfo start;
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                start = new ProcessStartInfo(url.AbsoluteUri) { UseShellExecute = true };
            }
            else if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
            {
                start = new ProcessStartInfo("open", Quote(url));
            }
            else
            {
                if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY")) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY")))
                {
                    return false;
                }
                start = new ProcessStartInfo("xdg-open", Quote(url));
            }
            using var process = Process.Start(start);
            return process is not null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
            return false;
        }
    }

    private static string Quote(Uri url) => "\"" + url.AbsoluteUri.Replace("\"", "%22") + "\"";
}
