//! The demo's string table: Nightjar's menus, HUD, tutorial and dialogue in English,
//! translated into French, German, Japanese and Brazilian Portuguese, with the mistakes a
//! real table has (a lost placeholder, an overlong button, a broken plural, a missing
//! line), one source rewritten after translation, a hand-off to a vendor and a check run
//! for the alpha build.

use anyhow::Result;
use callsheet_app::loc::handoff::{ExportRequest, Scope};
use callsheet_app::{App, Ctx};
use callsheet_formats::strings::TableFormat;
use callsheet_formats::xliff::Version;

/// (key, max length, en, fr, de, ja, pt-BR)
const STRINGS: &[(&str, &str, &str, &str, &str, &str, &str)] = &[
    (
        "menu.play",
        "12",
        "Play",
        "Jouer",
        "Spielen",
        "プレイ",
        "Jogar",
    ),
    (
        "menu.continue",
        "12",
        "Continue",
        "Continuer",
        "Weiter",
        "つづける",
        "Continuar",
    ),
    (
        "menu.options",
        "12",
        "Options",
        "Options",
        "Optionen",
        "オプション",
        "Opções",
    ),
    (
        "menu.quit",
        "12",
        "Quit",
        "Quitter le jeu",
        "Beenden",
        "終了",
        "Sair",
    ),
    (
        "menu.new_game",
        "16",
        "New Game",
        "Nouvelle partie",
        "Neues Spiel",
        "ニューゲーム",
        "Novo jogo",
    ),
    (
        "menu.load",
        "16",
        "Load Game",
        "Charger",
        "Laden",
        "ロード",
        "Carregar",
    ),
    (
        "menu.credits",
        "16",
        "Credits",
        "Crédits",
        "Mitwirkende",
        "クレジット",
        "Créditos",
    ),
    (
        "options.audio",
        "",
        "Audio",
        "Audio",
        "Audio",
        "オーディオ",
        "Áudio",
    ),
    (
        "options.subtitles",
        "",
        "Subtitles",
        "Sous-titres",
        "Untertitel",
        "字幕",
        "Legendas",
    ),
    (
        "options.language",
        "",
        "Language",
        "Langue",
        "Sprache",
        "言語",
        "Idioma",
    ),
    (
        "options.invert_y",
        "",
        "Invert Y axis",
        "Inverser l'axe Y",
        "Y-Achse umkehren",
        "Y軸を反転",
        "Inverter eixo Y",
    ),
    (
        "hud.ammo",
        "",
        "{count, plural, one {# arrow} other {# arrows}}",
        "{count, plural, one {# flèche} many {# de flèches} other {# flèches}}",
        "{count, plural, one {# Pfeil} other {# Pfeile}}",
        "{count, plural, other {矢 # 本}}",
        "{count, plural, one {# flecha} many {# de flechas} other {# flechas}}",
    ),
    (
        "hud.health",
        "",
        "Health: %d/%d",
        "Santé : %d/%d",
        "Leben: %d/%d",
        "体力: %d/%d",
        "Vida: %d/%d",
    ),
    (
        "hud.objective",
        "",
        "Objective: {objective}",
        "Objectif : {objective}",
        "Ziel: {objective}",
        "目標: {objective}",
        "Objetivo: {objective}",
    ),
    (
        "hud.gold",
        "",
        "Gold: {0:N0}",
        "Or : {0:N0}",
        "Gold: {0:N0}",
        "ゴールド: {0:N0}",
        "Ouro: {0:N0}",
    ),
    (
        "hud.saving",
        "",
        "Saving…",
        "Sauvegarde…",
        "Speichern…",
        "セーブ中…",
        "Salvando…",
    ),
    (
        "tutorial.move",
        "",
        "Use <b>WASD</b> to move.",
        "Utilisez <b>ZQSD</b> pour vous déplacer.",
        "Mit <b>WASD</b> bewegen.",
        "<b>WASD</b>で移動。",
        "Use <b>WASD</b> para se mover.",
    ),
    (
        "tutorial.jump",
        "",
        "Press [b]Space[/b] to jump.",
        "Appuyez sur [b]Espace[/b] pour sauter.",
        "Drücke [b]Leertaste[/b] zum Springen.",
        "[b]スペース[/b]でジャンプ。",
        "Pressione [b]Espaço[/b] para pular.",
    ),
    (
        "tutorial.glide",
        "",
        "Hold <color=#ffd700>Shift</color> to glide.",
        "Maintenez <color=#ffd700>Maj</color> pour planer.",
        "Halte <color=#ffd700>Umschalt</color> zum Gleiten.",
        "<color=#ffd700>Shift</color>長押しで滑空。",
        "Segure <color=#ffd700>Shift</color> para planar.",
    ),
    (
        "tutorial.call",
        "",
        "Press %s to call the raven.",
        "Appuyez sur %s pour appeler le corbeau.",
        "Drücke %s, um den Raben zu rufen.",
        "%sでカラスを呼ぶ。",
        "Pressione %s para chamar o corvo.",
    ),
    (
        "dialog.warden.greet",
        "",
        "You are late, {name}. The storm will not wait.",
        "Tu es en retard, {name}. La tempête n'attendra pas.",
        "Du bist spät, {name}. Der Sturm wartet nicht.",
        "遅いぞ、{name}。嵐は待ってくれない。",
        "Você está atrasado, {name}. A tempestade não vai esperar.",
    ),
    (
        "dialog.warden.gender",
        "",
        "{gender, select, female {She went north.} male {He went north.} other {They went north.}}",
        "{gender, select, female {Elle est partie au nord.} male {Il est parti au nord.} other {Iel est parti·e au nord.}}",
        "{gender, select, female {Sie ging nach Norden.} male {Er ging nach Norden.} other {Sie gingen nach Norden.}}",
        "{gender, select, female {彼女は北へ行った。} male {彼は北へ行った。} other {北へ行った。}}",
        "{gender, select, female {Ela foi para o norte.} male {Ele foi para o norte.} other {Foi para o norte.}}",
    ),
    (
        "dialog.raven.hint",
        "",
        "Follow the lights to the old hangar.",
        "Suis les lumières jusqu'au vieux hangar.",
        "Folge den Lichtern zum alten Hangar.",
        "光をたどって古い格納庫へ。",
        "Siga as luzes até o velho hangar.",
    ),
    (
        "dialog.keeper.warn",
        "",
        "Do not touch the Nightjar engine!",
        "Ne touche pas au moteur du Nightjar !",
        "Fass den Nightjar-Motor nicht an!",
        "Nightjarのエンジンに触るな！",
        "Não toque no motor do Nightjar!",
    ),
    (
        "item.feather.name",
        "24",
        "Storm Feather",
        "Plume d'orage",
        "Sturmfeder",
        "嵐の羽",
        "Pena da Tempestade",
    ),
    (
        "item.feather.desc",
        "",
        "Lets you glide {seconds} seconds longer.",
        "Permet de planer {seconds} secondes de plus.",
        "Lässt dich {seconds} Sekunden länger gleiten.",
        "滑空時間が{seconds}秒のびる。",
        "Permite planar {seconds} segundos a mais.",
    ),
    (
        "item.lantern.name",
        "24",
        "Keeper's Lantern",
        "Lanterne du gardien",
        "Laterne des Wächters",
        "番人のランタン",
        "Lanterna do Guardião",
    ),
    (
        "item.count",
        "",
        "{count, plural, one {# item} other {# items}}",
        "{count, plural, one {# objet} many {# d'objets} other {# objets}}",
        "{count, plural, one {# Gegenstand} other {# Gegenstände}}",
        "{count, plural, other {# 個のアイテム}}",
        "{count, plural, one {# item} many {# de itens} other {# itens}}",
    ),
    (
        "shop.armor",
        "",
        "+10 Armor",
        "+10 Armure",
        "+10 Rüstung",
        "防御力+10",
        "+10 Armadura",
    ),
    (
        "shop.buy", "10", "Buy", "Acheter", "Kaufen", "買う", "Comprar",
    ),
    (
        "shop.not_enough",
        "",
        "Not enough gold (%d needed).",
        "Pas assez d'or (%d requis).",
        "Nicht genug Gold (%d benötigt).",
        "ゴールドが足りない（%d必要）。",
        "Ouro insuficiente (%d necessário).",
    ),
    (
        "save.slot",
        "",
        "Slot {slot}: {chapter}",
        "Emplacement {slot} : {chapter}",
        "Platz {slot}: {chapter}",
        "スロット{slot}: {chapter}",
        "Espaço {slot}: {chapter}",
    ),
    (
        "save.confirm_overwrite",
        "",
        "Overwrite this save?",
        "Écraser cette sauvegarde ?",
        "Diesen Spielstand überschreiben?",
        "このセーブを上書きしますか？",
        "Sobrescrever este save?",
    ),
    (
        "chapter.1",
        "",
        "Chapter 1: The Hangar",
        "Chapitre 1 : Le hangar",
        "Kapitel 1: Der Hangar",
        "第1章: 格納庫",
        "Capítulo 1: O Hangar",
    ),
    (
        "chapter.2",
        "",
        "Chapter 2: Cliffside",
        "Chapitre 2 : La falaise",
        "Kapitel 2: Die Klippe",
        "第2章: 断崖",
        "Capítulo 2: O Penhasco",
    ),
    (
        "chapter.3",
        "",
        "Chapter 3: Eye of the Storm",
        "Chapitre 3 : L'œil du cyclone",
        "Kapitel 3: Das Auge des Sturms",
        "第3章: 嵐の目",
        "Capítulo 3: Olho da Tempestade",
    ),
    (
        "achievement.first_flight",
        "",
        "First Flight",
        "Premier envol",
        "Erster Flug",
        "初飛行",
        "Primeiro Voo",
    ),
    (
        "achievement.all_feathers",
        "",
        "Collect all {total} feathers",
        "Ramassez les {total} plumes",
        "Sammle alle {total} Federn",
        "羽を{total}枚すべて集める",
        "Colete todas as {total} penas",
    ),
    (
        "error.controller",
        "",
        "Controller disconnected. Reconnect to continue.",
        "Manette déconnectée. Reconnectez-la pour continuer.",
        "Controller getrennt. Zum Fortfahren neu verbinden.",
        "コントローラーが切断されました。再接続してください。",
        "Controle desconectado. Reconecte para continuar.",
    ),
    (
        "legal.copyright",
        "",
        "© 2027 Nightjar Studio. All rights reserved.",
        "© 2027 Nightjar Studio. Tous droits réservés.",
        "© 2027 Nightjar Studio. Alle Rechte vorbehalten.",
        "© 2027 Nightjar Studio. All rights reserved.",
        "© 2027 Nightjar Studio. Todos os direitos reservados.",
    ),
];

/// The mistakes a real table has: (key, locale, the broken text). An empty text is a
/// line nobody has translated yet.
const MISTAKES: &[(&str, &str, &str)] = &[
    ("hud.health", "de", "Leben: %d"),
    (
        "hud.ammo",
        "ja",
        "{count, plural, one {矢 # 本} other {矢 # 本}}",
    ),
    ("tutorial.move", "pt-BR", "Use <b>WASD para se mover."),
    (
        "dialog.warden.greet",
        "fr",
        "Tu es en retard, {nom}. La tempête n'attendra pas.",
    ),
    ("chapter.3", "ja", ""),
    ("achievement.all_feathers", "pt-BR", ""),
    ("error.controller", "ja", ""),
];

const LOCALES: [&str; 4] = ["fr", "de", "ja", "pt-BR"];

fn csv_cell(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// Seeds the table through the same imports a producer would use.
pub async fn seed(app: &App, maya: &Ctx, lou: &Ctx, later: &Ctx) -> Result<()> {
    let mut csv = String::from("key,max_length,en,fr,de,ja,pt-BR,notes\n");
    for (key, max, en, fr, de, ja, pt) in STRINGS {
        let mut cells = [*fr, *de, *ja, *pt].map(str::to_string);
        for (k, l, broken) in MISTAKES {
            if k == key
                && let Some(i) = LOCALES.iter().position(|x| x == l)
            {
                cells[i] = broken.to_string();
            }
        }
        let note = if key.starts_with("menu.") {
            "Main menu button; the frame fits the limit."
        } else if key.starts_with("dialog.") {
            "Spoken line, also shown as a subtitle."
        } else {
            ""
        };
        csv.push_str(&format!(
            "{key},{max},{},{},{},{},{},{}\n",
            csv_cell(en),
            csv_cell(&cells[0]),
            csv_cell(&cells[1]),
            csv_cell(&cells[2]),
            csv_cell(&cells[3]),
            csv_cell(note)
        ));
    }
    app.loc_import(
        maya,
        "NJ",
        "nightjar-strings.csv",
        csv.as_bytes(),
        None,
        None,
    )
    .await?;
    let mut settings = app.loc_settings(maya, "NJ").await?;
    settings.do_not_translate = vec!["Nightjar".into()];
    app.set_loc_settings(maya, "NJ", &settings).await?;
    // Reviews and sign-offs.
    for key in [
        "menu.play",
        "menu.continue",
        "menu.options",
        "chapter.1",
        "chapter.2",
    ] {
        let d = app.loc_string(lou, "NJ", key).await?;
        for locale in ["fr", "de"] {
            if let Some(t) = d.string.translations.get(locale) {
                let text = t.text.clone();
                app.set_translation(lou, "NJ", key, locale, &text, Some("reviewed"))
                    .await?;
            }
        }
    }
    app.set_translation(
        maya,
        "NJ",
        "legal.copyright",
        "fr",
        "© 2027 Nightjar Studio. Tous droits réservés.",
        Some("final"),
    )
    .await?;
    app.loc_allow(
        maya,
        "NJ",
        Some("legal.copyright"),
        "identical",
        "Legal asked for the English notice in Japan",
    )
    .await?;
    // Writers rewrote a line after it went out: its translations are stale now.
    app.set_loc_source(
        later,
        "NJ",
        "dialog.raven.hint",
        "Follow the blue lights to the old hangar.",
    )
    .await?;
    // Japanese goes to a vendor; the alpha build gets a check run that files bugs.
    app.loc_export(
        later,
        "NJ",
        &ExportRequest {
            locale: "ja".into(),
            scope: Scope::Needed,
            format: TableFormat::Xliff(Version::V12),
            vendor: Some("Polyglot Games".into()),
            due: Some("2027-03-05".into()),
        },
    )
    .await?;
    app.loc_check_run(later, "NJ", "0.9.0-alpha", true).await?;
    Ok(())
}
