namespace Nip66.Contracts;

public enum CheckType
{
    Open,
    Read,
    Write,
    Auth,
    Nip11,
    Dns,
    Ssl,
}
