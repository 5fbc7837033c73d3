namespace Nip66.Host.Configuration;

[Flags]
public enum MonitorRoles
{
    None = 0,
    Scheduler = 1,
    Checker = 2,
    Publisher = 4,
    Persistence = 8,
    Web = 16,
    All = Scheduler | Checker | Publisher | Persistence | Web,
}
