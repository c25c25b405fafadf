using System;
using System.Runtime.InteropServices;
using System.Security;

namespace ZendeskAuth.Authentication;

/// <summary>Moves secrets between <see cref="SecureString"/> and plain text for the moment a header is built.</summary>
internal static class SecureStrings
{
    public static SecureString FromPlainText(string value)
    {
        var secure = new SecureString();
        foreach (var c in value)
        {
            secure.AppendChar(c);
        }
        secure.MakeReadOnly();
        return secure;
    }

    public static string ToPlainText(SecureString value)
    {
        var pointer = IntPtr.Zero;
        try
        {
            pointer = Marshal.SecureStringToGlobalAllocUnicode(value);
            // With the length: a NUL inside the secret would otherwise end it there, and a truncated secret would be
            // sent instead of the refusal WireText gives.
            return Marshal.PtrToStringUni(pointer, value.Length);
        }
        finally
        {
            if (pointer != IntPtr.Zero)
            {
                Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }
    }

    /// <summary>True when the secret is empty or only whitespace, checked without keeping a copy.</summary>
    public static bool IsBlank(SecureString value) => value.Length == 0 || ToPlainText(value).Trim().Length == 0;
}
