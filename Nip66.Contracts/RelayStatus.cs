namespace Nip66.Contracts;

public enum RelayStatus
{
    /// <summary>Opened and answered a read without conditions.</summary>
    Online,

    /// <summary>Opened, but reading failed or needed authentication.</summary>
    Degraded,

    /// <summary>Could not be opened.</summary>
    Offline,
}
