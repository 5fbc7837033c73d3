namespace Nip66.Host.Configuration;

public enum MonitorMode
{
    Embedded,
    Distributed,
}
