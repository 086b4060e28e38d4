//! The World's waits on what the widget shows the contact to fill in or read: the name on
//! screen, the contact form and what is typed into it, the email-verification prompt, the
//! code the backend emailed and the widget's word on a refused code. Each thing waited for is
//! a reaction of the widget (to the boot, a click, an identify or verification answer), so
//! each wait goes through [`HerodeskWorld::react`] ("How soon": 2 s of the page's time).

use super::HerodeskWorld;
use crate::{
    browser::wait::Probe,
    error::Result,
    pages::widget_frame::{self, NameView},
};

impl HerodeskWorld {
    /// Waits until the widget shows the name `name` (compared trimmed) and returns how it
    /// shows it (as text or as markup). A reaction to the boot or the identify answer:
    /// [`Self::react`].
    ///
    /// # Errors
    /// A timeout showing the name last read; WebDriver errors.
    pub async fn wait_for_contact_name(&mut self, name: &str) -> Result<NameView> {
        let client = self.client().await?.clone();
        self.react(&format!("the widget to show the name {name:?}"), || async {
            Ok(match widget_frame::contact_name(&client).await? {
                Some(v) if v.text.trim() == name.trim() => Probe::Ready(v),
                other => Probe::NotYet(format!("{other:?}")),
            })
        })
        .await
    }

    /// Waits until the widget's name hook no longer shows `name` (a signed-out contact's, D2):
    /// a reaction of the widget to the boot that signed them out.
    ///
    /// # Errors
    /// A timeout that says what the name hook still showed.
    pub async fn wait_for_contact_name_gone(&mut self, name: &str) -> Result<()> {
        let client = self.client().await?.clone();
        self.react(
            &format!("the widget to stop showing the name {name:?}"),
            || async {
                Ok(match widget_frame::contact_name(&client).await? {
                    Some(v) if v.text.trim() == name.trim() => Probe::NotYet(format!("{v:?}")),
                    _ => Probe::Ready(()),
                })
            },
        )
        .await
    }

    /// Types `email` into the widget's contact form and sends it, once the form shows (the
    /// form is a reaction to the page's load or to a click: [`Self::react`]).
    ///
    /// # Errors
    /// A timeout when no contact form shows; WebDriver errors.
    pub async fn type_into_contact_form(&mut self, email: &str) -> Result<()> {
        let client = self.client().await?.clone();
        self.react("the widget's contact form to be displayed", || async {
            Ok(Probe::ready_if(
                widget_frame::email_form_displayed(&client).await?,
                || "no contact form displayed".into(),
            ))
        })
        .await?;
        widget_frame::submit_email(&client, email).await
    }

    /// Waits until the widget shows its email-verification prompt. A reaction (to an
    /// unverified identify answer, a typed email, the panel opening): [`Self::react`].
    ///
    /// # Errors
    /// A timeout when no prompt shows; WebDriver errors.
    pub async fn wait_for_verification_prompt(&mut self) -> Result<()> {
        let client = self.client().await?.clone();
        self.react(
            "the widget to show its email verification prompt",
            || async {
                Ok(Probe::ready_if(
                    widget_frame::verification_prompt_displayed(&client).await?,
                    || "no verification prompt displayed".into(),
                ))
            },
        )
        .await
    }

    /// The code the backend emailed to `email`, once the widget shows its verification
    /// prompt and has asked the backend to send one. Both are reactions (the prompt to an
    /// answer or a typed email, the call to the prompt's cause): [`Self::react`].
    ///
    /// # Errors
    /// Timeouts when no prompt shows or no code was sent; WebDriver or mock errors.
    pub async fn emailed_code(&mut self, email: &str) -> Result<String> {
        self.wait_for_verification_prompt().await?;
        let backend = self.suite().backend.clone();
        let wid = self.workspace.widget_id.clone();
        self.react("a verification code to be emailed", || async {
            Ok(match backend.verification_code(&wid, email).await {
                Ok(code) => Probe::Ready(code),
                Err(e) => Probe::NotYet(e.to_string()),
            })
        })
        .await
    }

    /// Enters the code the backend emailed to `email` into the widget's verification form
    /// ([`Self::emailed_code`] waits for it).
    ///
    /// # Errors
    /// As [`Self::emailed_code`]; WebDriver errors.
    pub async fn enter_emailed_code(&mut self, email: &str) -> Result<()> {
        let code = self.emailed_code(email).await?;
        let client = self.client().await?;
        widget_frame::submit_verification_code(client, &code).await
    }

    /// Enters a wrong code for `email`: the emailed code with its last digit moved on by one
    /// (another six digits, one digit off).
    ///
    /// # Errors
    /// As [`Self::emailed_code`]; WebDriver errors.
    pub async fn enter_wrong_code(&mut self, email: &str) -> Result<()> {
        let code = self.emailed_code(email).await?;
        let client = self.client().await?;
        widget_frame::submit_verification_code(client, &one_digit_off(&code)).await
    }

    /// Waits until the verification form tells the contact the code was not accepted and
    /// returns what it says. A reaction to the backend's refusal: [`Self::react`].
    ///
    /// # Errors
    /// A timeout when the form says nothing about the code; WebDriver errors.
    pub async fn wait_for_code_refused(&mut self) -> Result<String> {
        let client = self.client().await?.clone();
        self.react(
            "the verification form to tell the contact the code was not accepted",
            || async {
                Ok(match widget_frame::verification_error(&client).await? {
                    Some(text) => Probe::Ready(text),
                    None => {
                        Probe::NotYet("the verification form says nothing about the code".into())
                    }
                })
            },
        )
        .await
    }
}

/// `code` with its last digit moved on by one (9 becomes 0).
fn one_digit_off(code: &str) -> String {
    code.char_indices()
        .map(|(i, c)| match c.to_digit(10) {
            Some(d) if i + 1 == code.len() => char::from_digit((d + 1) % 10, 10).unwrap_or('0'),
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_wrong_code_differs_in_its_last_digit_only() {
        assert_eq!(super::one_digit_off("123456"), "123457");
        assert_eq!(super::one_digit_off("000009"), "000000");
    }
}
