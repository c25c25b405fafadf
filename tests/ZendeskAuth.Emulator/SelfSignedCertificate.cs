using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ZendeskAuth.Emulator;

/// <summary>
/// A self-signed TLS server certificate for localhost / 127.0.0.1 / ::1, made in memory once per process and never
/// written to disk. Clients must skip certificate validation (PowerShell: -SkipCertificateCheck).
/// </summary>
internal static class SelfSignedCertificate
{
    private static readonly Lazy<X509Certificate2> Instance = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    public static X509Certificate2 Get() => Instance.Value;

    private static X509Certificate2 Create()
    {
        using var rsa = RSA.Create(2048); // RSA rather than ECDSA: accepted by every client TLS stack, old Windows included
        var request = new CertificateRequest("CN=ZendeskAuth Emulator", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false)); // serverAuth
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));

        var now = DateTimeOffset.UtcNow;
        using var ephemeral = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));

        // Re-import through PKCS#12 so the private key is usable by SslStream. On Linux/macOS the key stays ephemeral
        // (memory only). Windows SChannel cannot use ephemeral keys, so there it goes into a temporary, non-persisted
        // CNG key container (Windows' own key store, not a file we write; removed when the certificate is released).
        var flags = OperatingSystem.IsWindows() ? X509KeyStorageFlags.DefaultKeySet : X509KeyStorageFlags.EphemeralKeySet;
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), password: null, flags);
    }
}
