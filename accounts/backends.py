from django.contrib.auth.backends import BaseBackend

MODEL_ACTIONS = ("add", "change", "delete", "view")


class SecretariatModelPermissionBackend(BaseBackend):
    """Gives the secretariat Django's model permissions (admin) without keeping permission rows in
    step with the role: the role alone says who the secretariat is."""

    def has_perm(self, user_obj, perm, obj=None):
        if not (user_obj.is_active and getattr(user_obj, "is_secretariat", False)):
            return False
        _app, _dot, codename = perm.partition(".")
        return codename.split("_", 1)[0] in MODEL_ACTIONS

    def has_module_perms(self, user_obj, app_label):
        return user_obj.is_active and getattr(user_obj, "is_secretariat", False)
