using Nip66.Nostr.Discovery;
using Nip66.Nostr.RelayLists;

namespace Nip66.Nostr.Tests;

/// <summary>
/// Every relay-list event of the corpus (Corpus/README.md) through its parser: the exact URLs each one mentions, as
/// written (normalizing is the candidate screen's). The lists were read out of the files by a separate script, not
/// by this code.
/// </summary>
public sealed class RelayListCorpusTests
{
    private static readonly Dictionary<string, string[]> Expected = new(StringComparer.Ordinal)
    {
        ["10002-gonostr-mostr-activitypub-proxy.json"] =
        [
            "wss://relay.mostr.pub",
        ],
        ["10002-gonostr-private-lan-ip.json"] =
        [
            "wss://relay.damus.io",
            "wss://nostr.land",
            "wss://nostr.wine",
            "wss://nos.lol",
            "ws://192.168.0.132:4848",
        ],
        ["10002-gonostr-ws-port-4848.json"] =
        [
            "wss://relay.primal.net",
            "wss://purplepag.es",
            "wss://relay.damus.io",
            "wss://relay.nostr.hach.re",
            "ws://games.gamertron.net:4848",
            "wss://misskey.social",
            "wss://relay.nostr.nu",
        ],
        ["10002-nostur-bare-hostname-no-tld.json"] =
        [
            "wss://relay.damus.io/",
            "wss://nostr-pub.wellorder.net/",
            "wss://nos.lol/",
            "wss://nostr.bitcoiner.social/",
            "wss://relay.nostr.bg/",
            "wss://nostr.mom/",
            "wss://nostr-pub.semisol.dev/",
            "wss://nostr.oxtr.dev/",
            "wss://bitcoiner.social/",
            "wss://zephaniah:4848/",
        ],
        ["10002-nostur-empty-string-markers.json"] =
        [
            "wss://atlas.nostr.land",
            "wss://brb.io",
            "wss://damus.io",
            "wss://nostr-pub.semisol.dev",
            "wss://nostr-pub.wellorder.net",
            "wss://nostr.developer.li",
            "wss://nostr.einundzwanzig.space/",
            "wss://nostr.mnethome.de",
            "wss://nostr.mom/",
            "wss://nostr.ono.re",
            "wss://nostr.onsats.org",
            "wss://nostr.openchain.fr",
            "wss://nostr.oxtr.dev",
            "wss://nostr.swiss-enigma.ch",
            "wss://nostrplebs.com",
            "wss://purplepag.es",
            "wss://relay.damus.io",
            "wss://relay.grunch.dev",
            "wss://relay.nostr.band",
            "wss://relay.nostr.info",
            "wss://relay.tnano.duckdns.org",
        ],
        ["10002-nostur-local-and-query.json"] =
        [
            "wss://eden.nostr.land/",
            "ws://100.79.124.142:4848/",
            "wss://relay.snort.social/",
            "wss://relay.damus.io/",
            "wss://nos.lol/",
            "wss://filter.nostr.wine/npub1zuuajd7u3sx8xu92yav9jwxpr839cs0kc3q6t56vd5u9q033xmhsk6c2uc?broadcast=true",
            "wss://purplepag.es/",
            "wss://relay.nostr.band/",
            "wss://canalone.local:4848/",
            "wss://relay.primal.net",
        ],
        ["10002-nostur-onion-and-cgnat-ip.json"] =
        [
            "ws://ng4jk6yiqgfczo4wyxszuj7w6jok3fptehu533o3mlzs3vph3dvjfdid.onion",
            "wss://relay.damus.io",
            "ws://100.94.8.112:4848",
            "wss://relay.nostr.bg",
            "wss://nostr.zebedee.cloud",
            "wss://relay.nostr.info",
            "wss://relay.snort.social",
            "wss://nostr.bitcoiner.social",
            "wss://nostr.wine/",
        ],
        ["10002-nostur-path-feeds-popular.json"] =
        [
            "wss://nostr.mom",
            "wss://nos.lol",
            "wss://relay.taxi",
            "wss://free.nostr.lc",
            "wss://relay.damus.io",
            "wss://relay.nostr.bg",
            "wss://relay.current.fyi",
            "wss://relay.nostr.band",
            "wss://search.nos.today",
            "wss://nostr21.com",
            "wss://relay.nostrgraph.net",
            "wss://relayable.org",
            "wss://nostr.semisol.dev",
            "wss://relay.mostr.pub",
            "wss://nostr.bostonbtc.com",
            "wss://nostr.mutinywallet.com",
            "wss://offchain.pub",
            "wss://nostr.w3ird.tech",
            "wss://rsslay.nostr.moe",
            "wss://relay.snort.social",
            "wss://purplepag.es",
            "wss://relay.plebstr.com",
            "wss://e.nos.lol",
            "wss://nostrue.com",
            "wss://nostr1.current.fyi",
            "wss://relay.shitforce.one",
            "wss://nostr.coinfundit.com",
            "wss://bostr.yonle.lecturify.net",
            "wss://relay.nos.social",
            "wss://feeds.nostr.band/popular",
            "wss://agora.nostr1.com",
            "wss://relay.primal.net",
            "wss://nostr.oxtr.dev",
            "wss://pyramid.fiatjaf.com",
            "wss://relay.noswhere.com",
            "wss://strfry.chatbett.de",
            "wss://relay.roadrunner.lat",
            "wss://annal.purplerelay.com",
            "wss://nostr-relay.app",
            "wss://rnostr.onrender.com",
        ],
        ["10002-nostur-path-npub.json"] =
        [
            "wss://filter.nostr.wine/npub16r0tl8a39hhcrapa03559xahsjqj4s0y6t2n5gpdk64v06jtgekqdkz5pl?broadcast=true",
            "wss://nostr.wine",
            "wss://relay.nostr.band/npub16r0tl8a39hhcrapa03559xahsjqj4s0y6t2n5gpdk64v06jtgekqdkz5pl",
            "wss://nostr.sethforprivacy.com",
            "wss://xmr.usenostr.org",
            "wss://nostr.mutinywallet.com",
            "wss://nostr.portemonero.com",
            "wss://nostr.xmr.rocks",
            "wss://eden.nostr.land",
        ],
        ["10002-nostur-ws-explicit-port-80.json"] =
        [
            "wss://nostr.fmt.wiz.biz",
            "wss://relay.snort.social",
            "ws://nostr.foundrydigital.com:80",
            "wss://nostr.bitcoiner.social",
            "wss://relay.damus.io",
            "wss://nos.lol",
            "wss://relay.nostr.bg",
            "wss://nostr.oxtr.dev",
            "wss://relay.current.fyi",
            "wss://nostr.orangepill.dev",
            "wss://relay.nostr.info",
            "wss://nostr.foundrydigital.com",
            "wss://nostr.zebedee.cloud",
            "wss://brb.io",
            "ws://nostr.foundrydigital.com:7777",
            "wss://relay.nostr.ch",
            "wss://eden.nostr.land",
        ],
        ["10002-realy-client-tag.json"] =
        [
            "wss://relay.damus.io",
            "wss://relay.nostr.band",
            "wss://btc-italia.online",
            "wss://bitcoiner.social",
        ],
        ["10002-realy-mixed-slash-filter-query.json"] =
        [
            "wss://nostr21.com",
            "wss://blastr.f7z.xyz",
            "wss://relay.orangepill.dev/",
            "wss://relay.nostriches.org/",
            "wss://relayable.org",
            "wss://relay.nostr.band/",
            "wss://purplepag.es",
            "wss://welcome.nostr.wine",
            "wss://nos.lol",
            "wss://relay.nostrview.com/",
            "wss://relay.damus.io",
            "wss://filter.nostr.wine/npub1chakany8dcz93clv4xgcudcvhnfhdyqutprq2yh72daydevv8zasmuhf02?broadcast=true",
            "wss://nostr.fmt.wiz.biz",
            "wss://eden.nostr.land",
            "wss://nostr.plebchain.org/",
            "wss://nostr.wine",
            "wss://atlas.nostr.land",
            "wss://offchain.pub/",
            "wss://relay.nostrati.com/",
            "wss://pyramid.fiatjaf.com",
        ],
        ["10002-realy-read-write-markers.json"] =
        [
            "wss://nos.lol/",
            "wss://relay.primal.net/",
            "wss://relay.nostr.band/",
            "wss://relay.damus.io/",
            "wss://relay.nostrplebs.com/",
            "wss://nostr-pub.wellorder.net/",
            "wss://nostr.nodeofsven.com/",
            "wss://nostr.einundzwanzig.space/",
            "wss://nostr.walletofsatoshi.com/",
            "wss://relay.snort.social/",
            "wss://nostr.thank.eu/",
            "wss://nostr.hifish.org/",
            "wss://pyramid.fiatjaf.com/",
            "wss://relay.wellorder.net/",
        ],
        ["10002-realy-uppercase-host-GALAXY13.json"] =
        [
            "wss://nos.lol/",
            "wss://nostr.bitcoiner.social/",
            "wss://relay.nostr.band/",
            "wss://nostr-pub.wellorder.net/",
            "wss://offchain.pub/",
            "wss://relay.mostr.pub/",
            "wss://purplepag.es/",
            "wss://relay.damus.io/",
            "wss://nostr.oxtr.dev/",
            "wss://xmr.usenostr.org/",
            "wss://relay.snort.social/",
            "wss://relay.nostrss.re/",
            "wss://relay.nostr.directory/",
            "wss://relayable.org/",
            "wss://nostr.skitso.business/",
            "wss://nostr.sidnlabs.nl/",
            "wss://relay.blackbyte.nl/",
            "wss://milwaukie.nostr1.com/",
            "wss://GALAXY13.nostr1.com/",
            "wss://21ideas.nostr1.com/",
            "wss://support.nostr1.com/",
            "wss://pater.nostr1.com/",
            "wss://ryan.nostr1.com/",
            "wss://nostr21.com/",
        ],
        ["2-nostream-seed-uppercase-recommend-relay.json"] =
        [
            "WSS://NOSTR-PUB.WELLORDER.NET/",
        ],
        ["3-gonostr-relaymap-onion-trailing-slash.json"] =
        [
            "ws://oxtrdevav64z64yb7x6rjg4ntzqjhedm5b5zjqulugknhzr46ny2qbad.onion/",
            "wss://nostr.oxtr.dev/",
            "wss://relay.damus.io/",
            "ws://gnostr2jnapk72mnagq3cuykfon73temzp77hcbncn4silgt77boruid.onion/",
            "wss://nos.lol/",
            "wss://nostr.bitcoiner.social/",
            "wss://nostr.mom/",
            "wss://relay.nostr.bg/",
            "wss://premium.primal.net/",
            "wss://lockbox.fiatjaf.com/",
            "wss://nostr.fmt.wiz.biz/",
            "wss://relay.noswhere.com/",
            "wss://relay.nostr.band/",
            "wss://nostr.wine/",
        ],
        ["3-gonostr-relaymap-query-string-umbrel.json"] =
        [
            "wss://relay.stoner.com",
            "wss://puravida.nostr.land",
            "wss://nostr.land",
            "ws://umbrel.local:4848",
            "wss://filter.nostr.wine/npub1rtlqca8r6auyaw5n5h3l5422dm4sry5dzfee4696fqe8s6qgudks7djtfs?broadcast=true",
            "wss://nostrelites.org",
            "wss://lightningrelay.com",
            "wss://relay.nostr.bg",
            "wss://nostr21.com",
            "wss://frens.nostr1.com",
            "wss://sendit.nosflare.com",
            "wss://offchain.pub",
            "wss://relay.nostriches.org",
            "wss://nos.lol",
            "wss://eden.nostr.land",
            "wss://premium.primal.net",
            "wss://relay.bitcoinpark.com",
            "wss://relay.damus.io",
            "wss://nostr.wine",
            "wss://nostr.bitcoiner.social",
            "wss://relay.snort.social",
            "wss://relay.nostrplebs.com",
        ],
        ["3-nostream-seed-escaped-slashes-port.json"] =
        [
            "wss://nostr.drss.io",
            "wss://relay.damus.io",
            "ws://monad.jb55.com:8080",
            "wss://nostr.zaprite.io",
            "wss://relay.nostr.info",
            "wss://expensive-relay.fiatjaf.com",
            "wss://nostr-relay.wlvs.space",
            "wss://nostr-pub.wellorder.net",
        ],
        ["3-nostream-seed-leading-space-duplicate.json"] =
        [
            "wss://rsslay.fiatjaf.com",
            "wss://nostr-pub.wellorder.net",
            "wss://expensive-relay.fiatjaf.com",
            "wss://nostr-relay.wlvs.space",
            "wss://nostr-relay.freeberty.net",
            "wss://nostr.bitcoiner.social",
            " wss://nostr.bitcoiner.social",
        ],
        ["3-nostream-seed-tab-in-relay-url.json"] =
        [
            "wss://rsslay.fiatjaf.com",
            "wss://nostr-pub.wellorder.net",
            "wss://expensive-relay.fiatjaf.com",
            "wss://nostr.rocks",
            "wss://nostr-relay.untethr.me\t",
            "wss://relayer.fiatjaf.com",
            "wss://nostr-relay.untethr.me",
            "wss://nostr-relay.wlvs.space",
            "wss://nostr.openchain.fr",
            "wss://relay.futohq.com",
        ],
        ["30066-ndk-relay.plebes.fans-ssl-dns-geo.json"] =
        [
            "wss://relay.plebes.fans/",
        ],
        ["30066-ndk-relay.weloveit.info-ssl-dns-geo.json"] =
        [
            "wss://relay.weloveit.info/",
        ],
        ["30066-nostrwatch-nproxy.kristapsk.lv-legacy-rtt.json"] =
        [
            "wss://nproxy.kristapsk.lv/",
        ],
        ["30166-gonostr-bostr.bitcointxoko.com-float64-N.json"] =
        [
            "wss://bostr.bitcointxoko.com",
        ],
        ["30166-ndk-africa.nostr.joburg.json"] =
        [
            "wss://africa.nostr.joburg/",
        ],
        ["30166-ndk-relay.weloveit.info.json"] =
        [
            "wss://relay.weloveit.info/",
        ],
    };

    public static TheoryData<string> SignedFiles => new(Expected.Keys);

    [Theory]
    [MemberData(nameof(SignedFiles))]
    public void Each_signed_corpus_event_verifies_and_mentions_exactly_its_relays(string file)
    {
        var verified = VerifiedEvent.Verify(Load(file), out var validity);

        Assert.Equal(EventValidity.Valid, validity);
        var parser = RelayListParsers.ForKind(verified!.Event.Kind)!;
        var mentions = parser.Read(verified);
        Assert.Null(mentions.Malformed);
        Assert.Equal(0, mentions.Dropped);
        Assert.Equal(Expected[file], mentions.Urls);
    }

    [Fact]
    public void Every_relay_list_file_of_the_corpus_is_expected_or_a_template()
    {
        var files = Directory.GetFiles(CorpusFolder).Select(f => Path.GetFileName(f));

        Assert.Equal(files.Order(StringComparer.Ordinal), Expected.Keys.Concat(Templates).Append(MonitorAnnouncementFile).Order(StringComparer.Ordinal));
    }

    /// <summary>The spec's templates hold placeholders for id, pubkey or sig: no event, so a reader counts them as unparseable.</summary>
    [Theory]
    [InlineData("10166-nips-66md-draft6-template-no-kind.json")]
    [InlineData("30066-nips-66md-draft6-minimum-template.json")]
    [InlineData("30166-nips-66md-draft6-template.json")]
    [InlineData("30166-nips-66md-draft7-integer-rtt.json")]
    [InlineData("30166-nips-66md-draft7-purest-form.json")]
    [InlineData("30166-nips-66md-template.json")]
    public void A_template_with_placeholders_is_no_event(string file)
    {
        Assert.Contains(file, Templates);
        Assert.Throws<FormatException>(() => Load(file));
    }

    [Fact]
    public void The_nostr_watch_10166_makes_its_author_a_monitor_with_its_frequency()
    {
        var sighting = MonitorSightingParser.Read(VerifiedEvent.Verify(Load(MonitorAnnouncementFile))!);

        Assert.Equal(new MonitorSighting("abcde937081142db0d50d29bf92792d4ee9b3d79a83c483453171a6004711832", 1710936428, 3600), sighting);
    }

    [Fact]
    public void The_monitor_report_parser_reads_the_legacy_30066_and_the_current_30166()
    {
        Assert.Equal([RelayDiscovery.Kind, MonitorReportParser.LegacyKind], RelayListParsers.MonitorReport.Kinds);
        Assert.Same(RelayListParsers.MonitorReport, RelayListParsers.ForKind(MonitorReportParser.LegacyKind));
    }

    private const string MonitorAnnouncementFile = "10166-ndk-nostrwatch-monitor-abcde937.json";

    private static readonly string[] Templates =
    [
        "10166-nips-66md-draft6-template-no-kind.json",
        "30066-nips-66md-draft6-minimum-template.json",
        "30166-nips-66md-draft6-template.json",
        "30166-nips-66md-draft7-integer-rtt.json",
        "30166-nips-66md-draft7-purest-form.json",
        "30166-nips-66md-template.json",
    ];

    private static string CorpusFolder => Path.Combine(AppContext.BaseDirectory, "Corpus", "events");

    internal static NostrEvent Load(string file) => EventParser.Parse(File.ReadAllText(Path.Combine(CorpusFolder, file)));
}
