using System.Reflection;
using System.Runtime.InteropServices;

namespace Nip66.Nostr;

/// <summary>
/// P/Invoke into Debian's libsecp256k1 0.2 (package libsecp256k1-1, with the extrakeys and schnorrsig modules).
/// The names follow the C API; every function returns 1 on success and 0 on failure.
/// </summary>
internal static partial class Secp256k1Native
{
    // A logical name resolved by our own resolver: the runtime would otherwise look for the unversioned
    // libsecp256k1.so, which only the -dev package installs.
    private const string Library = "nip66-secp256k1";
    private const string SharedObject = "libsecp256k1.so.1";

    public const uint ContextNone = 1;
    public const int KeypairLength = 96;
    public const int XOnlyPubKeyLength = 64;

    private static readonly Lazy<nint> Handle = new(LoadLibrary);

    /// <summary>True when libsecp256k1.so.1 loaded and exports what we call.</summary>
    public static bool IsAvailable => Handle.Value != 0;

    private static nint LoadLibrary()
    {
        if (!NativeLibrary.TryLoad(SharedObject, typeof(Secp256k1Native).Assembly, DllImportSearchPath.SafeDirectories, out var handle))
        {
            return 0;
        }

        // 0.1 has no schnorrsig_sign32; refuse such a build rather than fail at the first signature.
        if (!NativeLibrary.TryGetExport(handle, "secp256k1_schnorrsig_sign32", out _) ||
            !NativeLibrary.TryGetExport(handle, "secp256k1_schnorrsig_verify", out _) ||
            !NativeLibrary.TryGetExport(handle, "secp256k1_keypair_create", out _))
        {
            return 0;
        }

        NativeLibrary.SetDllImportResolver(typeof(Secp256k1Native).Assembly, Resolve);
        return handle;
    }

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? path) =>
        name == Library ? Handle.Value : 0;

    [LibraryImport(Library, EntryPoint = "secp256k1_context_create")]
    public static partial nint ContextCreate(uint flags);

    [LibraryImport(Library, EntryPoint = "secp256k1_context_randomize")]
    public static partial int ContextRandomize(nint context, ReadOnlySpan<byte> seed32);

    [LibraryImport(Library, EntryPoint = "secp256k1_keypair_create")]
    public static partial int KeypairCreate(nint context, Span<byte> keypair96, ReadOnlySpan<byte> secret32);

    [LibraryImport(Library, EntryPoint = "secp256k1_keypair_sec")]
    public static partial int KeypairSecret(nint context, Span<byte> secret32, ReadOnlySpan<byte> keypair96);

    [LibraryImport(Library, EntryPoint = "secp256k1_keypair_xonly_pub")]
    public static partial int KeypairXOnlyPub(nint context, Span<byte> xOnlyPubKey64, nint parity, ReadOnlySpan<byte> keypair96);

    [LibraryImport(Library, EntryPoint = "secp256k1_xonly_pubkey_parse")]
    public static partial int XOnlyPubKeyParse(nint context, Span<byte> xOnlyPubKey64, ReadOnlySpan<byte> input32);

    [LibraryImport(Library, EntryPoint = "secp256k1_xonly_pubkey_serialize")]
    public static partial int XOnlyPubKeySerialize(nint context, Span<byte> output32, ReadOnlySpan<byte> xOnlyPubKey64);

    [LibraryImport(Library, EntryPoint = "secp256k1_schnorrsig_sign32")]
    public static partial int SchnorrSign32(nint context, Span<byte> signature64, ReadOnlySpan<byte> message32, ReadOnlySpan<byte> keypair96, ReadOnlySpan<byte> aux32);

    [LibraryImport(Library, EntryPoint = "secp256k1_schnorrsig_verify")]
    public static partial int SchnorrVerify(nint context, ReadOnlySpan<byte> signature64, ReadOnlySpan<byte> message, nuint messageLength, ReadOnlySpan<byte> xOnlyPubKey64);
}
