namespace Nip66.Nostr;

public enum RelayNetwork
{
    Clearnet,
    Tor,
    I2p,
    Loki,
}
