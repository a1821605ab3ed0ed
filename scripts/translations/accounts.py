# ruff: noqa: E501 - translation pairs are data, one per line
"""German for the account lifecycle: password policy, change, reset, re-authentication (scripts/translate.py)."""

DE = {
    # Password policy
    "The password must have at least %(count)s characters.": "Das Passwort muss mindestens %(count)s Zeichen haben.",
    "The password may have at most %(count)s characters.": "Das Passwort darf höchstens %(count)s Zeichen haben.",
    "This password is one of the most common ones and easy to guess; choose another.": "Dieses Passwort gehört zu den häufigsten und ist leicht zu erraten; wählen Sie ein anderes.",
    "This password repeats the same characters and is easy to guess; choose another.": "Dieses Passwort wiederholt dieselben Zeichen und ist leicht zu erraten; wählen Sie ein anderes.",
    "The password must not be your e-mail address.": "Das Passwort darf nicht Ihre E-Mail-Adresse sein.",
    # Change password
    "Change password": "Passwort ändern",
    "Current password": "Aktuelles Passwort",
    "New password": "Neues Passwort",
    "New password again": "Neues Passwort wiederholen",
    "The two new passwords are not the same.": "Die beiden neuen Passwörter stimmen nicht überein.",
    "The current password is not right.": "Das aktuelle Passwort stimmt nicht.",
    "The new password must differ from the current one.": "Das neue Passwort muss sich vom aktuellen unterscheiden.",
    "Your password is changed; your other sessions have ended.": "Ihr Passwort ist geändert; Ihre anderen Sitzungen wurden beendet.",
    "An admin chose your password. Please choose your own before you go on.": "Ein Admin hat Ihr Passwort festgelegt. Bitte wählen Sie Ihr eigenes, bevor Sie weitermachen.",
    "Your other sessions end when the password is changed; this one stays signed in.": "Wenn das Passwort geändert ist, enden Ihre anderen Sitzungen; diese bleibt angemeldet.",
    "At least %(count)s characters, and not one of the most common passwords. A few unrelated words make a good one.": "Mindestens %(count)s Zeichen und keines der häufigsten Passwörter. Einige Wörter, die nichts miteinander zu tun haben, ergeben ein gutes.",
    # Forgotten password
    "Forgot your password?": "Passwort vergessen?",
    "Give the e-mail address you sign in with. If it belongs to a staff account, we send a link to set a new password.": "Geben Sie die E-Mail-Adresse an, mit der Sie sich anmelden. Gehört sie zu einem Mitarbeiterkonto, senden wir einen Link, mit dem Sie ein neues Passwort festlegen.",
    "Send the link": "Link senden",
    "Back to sign-in": "Zurück zur Anmeldung",
    "Check your e-mail": "Sehen Sie in Ihre E-Mails",
    "If the address belongs to a staff account, a link to set a new password is on its way. It works once, for %(minutes)s minutes.": "Gehört die Adresse zu einem Mitarbeiterkonto, ist ein Link zum Festlegen eines neuen Passworts unterwegs. Er funktioniert einmal, %(minutes)s Minuten lang.",
    "Set a new password": "Neues Passwort festlegen",
    "Set the password": "Passwort festlegen",
    "This link is not valid any more": "Dieser Link ist nicht mehr gültig",
    "This link is not valid any more.": "Dieser Link ist nicht mehr gültig.",
    "A link to set a new password works once, for a limited time. This one was used already, has expired, or was mistyped.": "Ein Link zum Festlegen eines neuen Passworts funktioniert einmal und nur eine begrenzte Zeit. Dieser wurde schon benutzt, ist abgelaufen oder wurde falsch eingegeben.",
    "Ask for a new link": "Neuen Link anfordern",
    "Your new password is set. Sign in with it.": "Ihr neues Passwort ist festgelegt. Melden Sie sich damit an.",
    # The reset e-mail
    "Voxloop: set a new password": "Voxloop: neues Passwort festlegen",
    "someone asked to set a new password for your Voxloop staff account. If it was you, open this link within %(minutes)s minutes; it works once:": "jemand hat darum gebeten, für Ihr Voxloop-Mitarbeiterkonto ein neues Passwort festzulegen. Waren Sie es, öffnen Sie diesen Link innerhalb von %(minutes)s Minuten; er funktioniert einmal:",
    "If you did not ask for this, ignore this message: your password stays as it is.": "Haben Sie nicht darum gebeten, ignorieren Sie diese Nachricht: Ihr Passwort bleibt, wie es ist.",
    # Admin: set a password, re-authentication
    "New initial password": "Neues Anfangspasswort",
    "Set password": "Passwort festlegen",
    "Type the new initial password.": "Geben Sie das neue Anfangspasswort ein.",
    "New password set for %(email)s; they choose their own at their next sign-in.": "Neues Passwort für %(email)s festgelegt; bei der nächsten Anmeldung wählt die Person ihr eigenes.",
    "At least %(count)s characters, and not one of the most common passwords. The person chooses their own at their first sign-in.": "Mindestens %(count)s Zeichen und keines der häufigsten Passwörter. Bei der ersten Anmeldung wählt die Person ihr eigenes.",
    "Your current password (to create an admin)": "Ihr aktuelles Passwort (um einen Admin anzulegen)",
    "Your current password": "Ihr aktuelles Passwort",
    "Needed when you signed in more than %(minutes)s minutes ago.": "Nötig, wenn Sie sich vor mehr als %(minutes)s Minuten angemeldet haben.",
    "Needed for an admin account when you signed in more than %(minutes)s minutes ago.": "Für ein Admin-Konto nötig, wenn Sie sich vor mehr als %(minutes)s Minuten angemeldet haben.",
    "For this, type your current password (or sign in again): your last sign-in was more than %(minutes)s minutes ago.": "Geben Sie dafür Ihr aktuelles Passwort ein (oder melden Sie sich neu an): Ihre letzte Anmeldung ist mehr als %(minutes)s Minuten her.",
}
